import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// jsdom does no layout; the calendar's click-and-drag selection asks what is under the pointer.
if (typeof document.elementFromPoint !== 'function') {
  document.elementFromPoint = () => null;
}
