//! Reading plan history from git (gix only).
