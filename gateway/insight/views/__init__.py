"""The insight pages: the commissioner's dashboard, what each figure means, and the people
behind a figure."""
