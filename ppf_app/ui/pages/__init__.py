"""The app's pages; the main window stacks them and switches between them."""
