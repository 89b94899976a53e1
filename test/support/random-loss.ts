// Moved to theorems/arbitraries.ts (the counterexample search uses it too); kept for existing imports.
export * from '../../theorems/arbitraries.js';
