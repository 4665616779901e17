"""Pure figure builders: data in, a chart answer out (figures/answer.py: its words, its
table and a plain-dict figure), testable without a browser; and the page's renderer."""
