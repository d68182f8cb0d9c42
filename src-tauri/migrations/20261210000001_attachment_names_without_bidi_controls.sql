-- Attachment names and titles lose the bidirectional formatting characters
-- (U+202A–U+202E, U+2066–U+2069) saved before the services refused or dropped them:
-- `scan` + U+202E + `gpj.pdf` displays as "scanfdp.jpg". Only rows that hold one are
-- rewritten (each row carries its document's bytes).
UPDATE attachments
SET file_name = replace(replace(replace(replace(replace(replace(replace(replace(replace(file_name,
        char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
        char(8294), ''), char(8295), ''), char(8296), ''), char(8297), ''),
    title = replace(replace(replace(replace(replace(replace(replace(replace(replace(title,
        char(8234), ''), char(8235), ''), char(8236), ''), char(8237), ''), char(8238), ''),
        char(8294), ''), char(8295), ''), char(8296), ''), char(8297), '')
WHERE file_name || title GLOB ('*[' || char(8234, 8235, 8236, 8237, 8238, 8294, 8295, 8296, 8297) || ']*');
