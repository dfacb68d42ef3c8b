export * from './model';
export * from './actions';
export * from './effects';
export * from './rules';
export * from './intake';
export * from './decide';
export * from './timers';
