/** Serving a sample site (or a copy of a real one) on 127.0.0.1 for crawls, tests and benches. */
export { loadServeConfig, type StaticServer, type StaticServerOptions, startStaticServer } from './static-server.js';
