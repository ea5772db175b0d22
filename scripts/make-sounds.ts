/**
 * Makes the bundled new-mail sounds in public/sounds/: short, soft tones
 * synthesised here (additive sine partials with an exponential decay), so
 * they are the project's own and need no licence or download.
 * Run: node --import tsx scripts/make-sounds.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const RATE = 22_050;

interface Note {
  /** Start, seconds. */
  at: number;
  freq: number;
  /** Seconds for the amplitude to fall to 1/e. */
  decay: number;
  gain: number;
  /** Frequency glide per second (Hz/s), for a "drop". */
  glide?: number;
  /** Extra partials as [ratio, gain]: a bell is inharmonic. */
  partials?: Array<[number, number]>;
}

const SOUNDS: Record<string, { seconds: number; notes: Note[] }> = {
  // Two notes a fifth apart: the classic "you've got mail" shape, quiet.
  chime: {
    seconds: 0.7,
    notes: [
      { at: 0, freq: 880, decay: 0.18, gain: 0.5, partials: [[2, 0.2]] },
      { at: 0.12, freq: 1318.5, decay: 0.25, gain: 0.45, partials: [[2, 0.15]] },
    ],
  },
  // A water drop: a short sine gliding upward then fading.
  drop: { seconds: 0.35, notes: [{ at: 0, freq: 600, glide: 2200, decay: 0.07, gain: 0.7 }] },
  // A small bell: inharmonic partials, longer tail.
  bell: {
    seconds: 1.1,
    notes: [{ at: 0, freq: 1046.5, decay: 0.35, gain: 0.45, partials: [[2.76, 0.3], [5.4, 0.12], [0.5, 0.2]] }],
  },
};

function render({ seconds, notes }: { seconds: number; notes: Note[] }): Int16Array {
  const samples = new Float64Array(Math.round(seconds * RATE));
  for (const note of notes) {
    const start = Math.round(note.at * RATE);
    for (const [ratio, gain] of [[1, 1] as [number, number], ...(note.partials ?? [])]) {
      let phase = 0;
      for (let i = start; i < samples.length; i++) {
        const t = (i - start) / RATE;
        const freq = (note.freq + (note.glide ?? 0) * t) * ratio;
        phase += (2 * Math.PI * freq) / RATE;
        // 5 ms attack: no click at the start.
        const attack = Math.min(1, t / 0.005);
        samples[i]! += note.gain * gain * attack * Math.exp(-t / (note.decay / Math.sqrt(ratio))) * Math.sin(phase);
      }
    }
  }
  const peak = Math.max(...samples.map(Math.abs));
  const out = new Int16Array(samples.length);
  const fadeOut = Math.round(0.02 * RATE);
  for (let i = 0; i < samples.length; i++) {
    const tail = Math.min(1, (samples.length - i) / fadeOut);
    out[i] = Math.round((samples[i]! / peak) * 0.8 * tail * 32767);
  }
  return out;
}

/** 16-bit mono PCM in a RIFF/WAVE container: every browser plays it. */
function wav(pcm: Int16Array): Buffer {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const dir = path.resolve('public/sounds');
mkdirSync(dir, { recursive: true });
for (const [name, sound] of Object.entries(SOUNDS)) {
  const file = path.join(dir, `${name}.wav`);
  writeFileSync(file, wav(render(sound)));
  console.log(file);
}
