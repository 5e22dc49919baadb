// How long the player's cards stand: what the room sees before and after a program.

/** How long the title card stands before the program starts (OK starts it at once). */
export const TITLE_CARD_MS = 4_000;
/** An error card nobody dismisses gives the screen back to the notice board after this long. */
export const ERROR_CARD_MS = 60_000;
