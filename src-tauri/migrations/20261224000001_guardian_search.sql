-- A parent gives their own CNIC or mobile number at the desk: the search finds the
-- children they are guardian of through these.
CREATE INDEX guardians_by_cnic ON related_persons (cnic) WHERE kind = 'guardian' AND cnic IS NOT NULL;
CREATE INDEX guardians_by_phone ON related_persons (phone) WHERE kind = 'guardian' AND phone IS NOT NULL;
