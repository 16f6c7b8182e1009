"""Cleaning rules: raw frames of a year's submissions -> the processed tables and their schemas."""
