// The baseline for the popup's time-to-list: the smallest Preact page, served from
// the same extension (same origin, same CSP), rendering one element.
import { render } from 'preact';

function Empty() {
  return <p data-bench-rendered="">Empty Preact page</p>;
}

render(<Empty />, document.getElementById('app')!);
