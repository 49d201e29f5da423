-- Every change to an article (added, removed, passages recomputed) in the order it was made: an
-- index records the last change it applied and catches up from there. AUTOINCREMENT: a number is
-- never reused, even after the newest change is deleted.
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL
) STRICT;
-- Articles stored before change numbers existed: one change each, so an index catches them up.
INSERT INTO changes (article_id) SELECT id FROM articles ORDER BY rowid;
