"""The field-level parsing eval: hand-checked gold resumes, rendered into document layouts,
imported through the product's reader and extractor, compared field by field."""
