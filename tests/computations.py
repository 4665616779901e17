"""A compute function for the answers cache's tests that counts how often it ran."""


class Computations:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return {"answer": self.count}
