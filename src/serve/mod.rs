//! `studybook serve`: build, serve over HTTP, watch, rebuild, reload.
