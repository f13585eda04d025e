"""The product's domain: frameworks, ratings, gaps and suggestions. Plain Python only."""
