// Addresses the workstation names outside Help too: a page that says where the features come from
// imports this, not the whole help text (which would then load with the window's first code).

/** Where the Da-TACOS features are downloaded from (its README links the archives). */
export const DA_TACOS_URL = 'https://github.com/MTG/da-tacos'
