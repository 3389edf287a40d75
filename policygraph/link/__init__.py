"""Linking: measures and documents to the regulation articles they implement, and regulations to each other."""
