-- Redshift built-ins that PostgreSQL lacks, for the PostgreSQL stand-in of the Redshift
-- tests. Each one has the signature and the documented behaviour of the Redshift function
-- of the same name, for the arguments the example and conformance projects pass (CONTEXT.md
-- lists them).
-- Nothing here exists only on PostgreSQL's side: what Redshift does not have is not emulated.
-- Idempotent; installed in the public schema, which every session's search_path reaches.

-- IS_VALID_JSON(json_string): true for well-formed JSON, false otherwise, NULL for NULL.
CREATE OR REPLACE FUNCTION public.is_valid_json(json_string text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF json_string IS NULL THEN RETURN NULL; END IF;
  PERFORM json_string::json;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

-- JSON_EXTRACT_PATH_TEXT(json_string, path_elem [, null_if_invalid]): the value at the key
-- as text (a nested object or array as its JSON text), NULL when the key does not exist;
-- invalid JSON is an error, or NULL when null_if_invalid is true.
CREATE OR REPLACE FUNCTION public.json_extract_path_text(json_string text, path_elem text, null_if_invalid boolean)
RETURNS varchar LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE parsed json;
BEGIN
  IF json_string IS NULL THEN RETURN NULL; END IF;
  BEGIN
    parsed := json_string::json;
  EXCEPTION WHEN others THEN
    IF null_if_invalid THEN RETURN NULL; END IF;
    RAISE EXCEPTION 'JSON parsing error';
  END;
  IF json_typeof(parsed) <> 'object' THEN RETURN NULL; END IF;
  RETURN parsed ->> path_elem;
END $$;

CREATE OR REPLACE FUNCTION public.json_extract_path_text(json_string text, path_elem text)
RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT public.json_extract_path_text(json_string, path_elem, false) $$;

-- JSON_ARRAY_LENGTH(json_array [, null_if_invalid]): the number of elements of a JSON
-- array; anything else is an error, or NULL when null_if_invalid is true.
CREATE OR REPLACE FUNCTION public.json_array_length(json_array text, null_if_invalid boolean)
RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE parsed json;
BEGIN
  IF json_array IS NULL THEN RETURN NULL; END IF;
  BEGIN
    parsed := json_array::json;
  EXCEPTION WHEN others THEN
    IF null_if_invalid THEN RETURN NULL; END IF;
    RAISE EXCEPTION 'JSON parsing error';
  END;
  IF json_typeof(parsed) <> 'array' THEN
    IF null_if_invalid THEN RETURN NULL; END IF;
    RAISE EXCEPTION 'JSON parsing error: not an array';
  END IF;
  RETURN pg_catalog.json_array_length(parsed);
END $$;

CREATE OR REPLACE FUNCTION public.json_array_length(json_array text)
RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT public.json_array_length(json_array, false) $$;

-- JSON_EXTRACT_ARRAY_ELEMENT_TEXT(json_string, pos [, null_if_invalid]): the element at the
-- 0-based position as text (a nested value as its JSON text), NULL past the end; invalid
-- JSON is an error, or NULL when null_if_invalid is true.
CREATE OR REPLACE FUNCTION public.json_extract_array_element_text(json_string text, pos integer, null_if_invalid boolean)
RETURNS varchar LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE parsed json;
BEGIN
  IF json_string IS NULL OR pos IS NULL THEN RETURN NULL; END IF;
  BEGIN
    parsed := json_string::json;
  EXCEPTION WHEN others THEN
    IF null_if_invalid THEN RETURN NULL; END IF;
    RAISE EXCEPTION 'JSON parsing error';
  END;
  IF json_typeof(parsed) <> 'array' THEN
    IF null_if_invalid THEN RETURN NULL; END IF;
    RAISE EXCEPTION 'JSON parsing error: not an array';
  END IF;
  RETURN parsed ->> pos;
END $$;

CREATE OR REPLACE FUNCTION public.json_extract_array_element_text(json_string text, pos integer)
RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT public.json_extract_array_element_text(json_string, pos, false) $$;

-- GETDATE(): the start of the current statement in the session's time zone, to the second.
CREATE OR REPLACE FUNCTION public.getdate() RETURNS timestamp
LANGUAGE sql STABLE AS $$
  SELECT CAST(date_trunc('second', statement_timestamp()) AS timestamp)
$$;

-- SVV_RELATION_PRIVILEGES: one row per privilege granted directly on a table or view, with
-- the grantee's name and kind. PostgreSQL has roles only: one that can log in plays a user,
-- one that cannot a group (Redshift's roles have no counterpart here). Grants to PUBLIC are
-- identity_type 'public'.
CREATE OR REPLACE VIEW public.svv_relation_privileges AS
SELECT
  n.nspname::varchar AS namespace_name,
  c.relname::varchar AS relation_name,
  a.privilege_type::varchar AS privilege_type,
  a.grantee::integer AS identity_id,
  coalesce(r.rolname, 'public')::varchar AS identity_name,
  (CASE WHEN a.grantee = 0 THEN 'public' WHEN r.rolcanlogin THEN 'user' ELSE 'group' END)::varchar AS identity_type,
  a.is_grantable AS admin_option
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) a
LEFT JOIN pg_roles r ON r.oid = a.grantee
WHERE c.relkind IN ('r', 'v', 'm', 'p');
