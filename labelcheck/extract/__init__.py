"""extract: fields, ingredient list, nutrition table and the product name from a label."""
