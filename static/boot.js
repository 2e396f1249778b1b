// Starts the app. An external module (not trunk's inline loader) so that the page
// runs under a Content-Security-Policy with no 'unsafe-inline' scripts.
// Paths are relative, so dist/ works from any sub-path.
import init from './groupwise.js';

init({ module_or_path: new URL('./groupwise_bg.wasm', import.meta.url) });
