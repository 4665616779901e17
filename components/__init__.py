"""Layout pieces shared by pages: ids, the navbar, the filter bar and notices."""
