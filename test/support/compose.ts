// Builds realistic MIME test messages with nodemailer's composer.
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

export function compose(options: Mail.Options): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    new MailComposer({ from: 'Bob <bob@example.test>', to: 'Alice <alice@example.test>', date: new Date(), ...options })
      .compile()
      .build((err, message) => (err ? reject(err) : resolve(message)));
  });
}

/** A 1×1 transparent PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
