// Work ids and staged file names, stable from the POP909 song id and the version number.
// Performance ids are the importer's own: a hash of the staged file's relative path, which this
// name fixes, so the same song and version always get the same P_ id.

/** "001" -> "W_909001": POP909's number behind a prefix that keeps clear of Da-TACOS's ids. */
export const workId = (song) => `W_909${song.padStart(3, '0')}`

/** Version 0 is the original-like arrangement; 1… are the covers. */
export const stagedName = (song, version) => `${song}/${song}-v${version}.wav`
