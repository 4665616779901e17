"""All SQL the dashboard runs. Functions are named after the question they answer,
take a cursor and keyword filters, bind every value, and return DataFrames."""
