/* studybook search: filled in by the search module. */
