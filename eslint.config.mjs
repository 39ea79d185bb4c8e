export { default } from './tools/lint/config.mjs';
