/** The PostgreSQL NOTIFY channel a flag change is announced on; its payload is the new version. */
export const flagChangeChannel = 'strangler_flag_changes';
