-- A lesson position is any number from 0 to 1 as JSON carries it (a double). `real` cannot hold tiny
-- values such as 2.7e-294 ("out of range for type real"), which made a whole push fail; a double holds
-- every value the schema accepts.
ALTER TABLE lesson_progress ALTER COLUMN position TYPE double precision;
