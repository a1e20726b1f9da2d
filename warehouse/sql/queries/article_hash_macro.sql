-- The content hash of an article: md5 over the JSON array [title, text, published, source,
-- url]. JSON keeps null apart from '' and needs no separator escaping; the date is spelled ISO.
CREATE OR REPLACE TEMP MACRO article_hash(title, text, published, source, url) AS
    md5(json_array(title, text, strftime(published, '%Y-%m-%d'), source, url)::VARCHAR)
