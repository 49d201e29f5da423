-- Every change to an article (added, removed, passages recomputed) in the order it was made: each
-- process's index records the last change it applied and follows from there. Writers take the
-- changes advisory lock before numbering, so numbers become visible in commit order.
CREATE TABLE changes (
    seq        BIGSERIAL PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL
);
INSERT INTO changes (article_id) SELECT id FROM articles ORDER BY added_seq;
