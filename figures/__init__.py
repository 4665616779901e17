"""Pure figure builders: data in, `go.Figure` out, testable without a browser."""
