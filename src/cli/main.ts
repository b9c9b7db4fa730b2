// Entry point: the only module that calls process.exit (filled in by the foundation work).
console.error('kanon: not built yet');
process.exit(1);
