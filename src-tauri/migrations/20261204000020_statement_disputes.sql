-- What a statement of disagreement disputes (privacy policy 7), so that it is read with
-- that record and by nobody who may not read it: a statement about a psychology note
-- goes with psychology's records, one about the patient's details with every copy.
--   patient_details | physiotherapy | psychology | pharmacy | conditions | allergies | medications
-- Statements recorded before this column have none: nobody can tell whose record they
-- dispute, so they are printed in the patient's own copies (access, portability) only.
ALTER TABLE patient_statements ADD COLUMN disputes TEXT
    CHECK (disputes IN ('patient_details', 'physiotherapy', 'psychology', 'pharmacy',
                        'conditions', 'allergies', 'medications'));
