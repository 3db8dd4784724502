-- Every inbound message rewrites its conversation's row (last message, waiting since, updated at).
-- None of those columns is indexed, so PostgreSQL can make the new row version a heap-only tuple
-- (HOT) and leave the table's twenty-odd indexes alone, but only when the row's page has room for
-- it. At the default fillfactor of 100 new rows fill their pages to the brim and most of these
-- updates went to another page, adding an entry to every index. Leaving a fifth of each page free
-- keeps them on the page. Existing pages keep their layout until they are rewritten.
ALTER TABLE conversations SET (fillfactor = 80);
