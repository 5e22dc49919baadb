// Where the agent listens on the terminal (127.0.0.1 only), unless told otherwise: the one number the agent,
// its screen launcher and the units agree on.
export const DEFAULT_PORT = 8720;
