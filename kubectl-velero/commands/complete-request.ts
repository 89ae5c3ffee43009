// The name of the hidden command that answers one shell completion request, apart from the
// command's module so the root can recognise it without importing it.

/** The request command's name, as in Cobra. */
export const COMPLETE_REQUEST_COMMAND = "__complete";
