/**
 * Preloaded (`node -r`) into the engine's processes by `npm run bench -- http --profile`: a
 * process ended by a signal's default action never writes its `--cpu-prof` file, and the
 * engine's shutdown hooks end it that way. This handler, registered before the engine's, turns
 * SIGTERM into an ordinary exit, which writes the profile.
 */
process.prependListener('SIGTERM', () => process.exit(0));
