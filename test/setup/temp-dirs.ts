import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/node-process.js';

// Registered before the test file's own hooks, so it runs after them (vitest runs after-hooks in
// reverse order): the file's nodes are stopped by then. Without it every run left its data
// directories in the system's temporary folder (thousands of folders, tens of GB, over a day).
// Files with generated 10,000-layer directories leave a hundred thousand files or more, whose
// removal outlasts the default hook timeout on a busy machine.
afterAll(() => removeTempDirs(), 300_000);
