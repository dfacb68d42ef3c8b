// Follow-up (回访) providers and what the API needs from them: callback signatures, rating tokens.
export * from './messages';
export * from './providers';
export * from './rating-token';
export * from './signature';
export * from './sms';
