/* Liquibase's StringChangeLogSerializer, the text a change's checksum is computed from, and
 * the table of change types (which bean properties each has in Liquibase 3.10.3 and 4.28.0)
 * that the checksum and DESCRIPTION code share. Also the Java string rules those need:
 * String.trim(), UTF-16 ordering and lengths. */
#ifndef OMRS_LB_SERIALIZE_H
#define OMRS_LB_SERIALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "error.h"
#include "strutil.h"

/* Checksum versions as a bit mask, for "which Liquibase has this property". v8 is what
 * Liquibase 3.10.3 computes, v9 what 4.28.0 computes. */
#define LB_V8 1u
#define LB_V9 2u
#define LB_BOTH (LB_V8 | LB_V9)

/* How a property's XML text becomes the Java value that gets printed. */
typedef enum lb_ftype {
    LB_FT_STR,       /* String (and DatabaseFunction, whose toString is its text): verbatim */
    LB_FT_TRIMSTR,   /* String whose setter applies trimToNull */
    LB_FT_BOOL,      /* Boolean via Boolean.valueOf: "true" in any case, else false */
    LB_FT_BIGINT,    /* BigInteger: canonical decimal */
    LB_FT_INT,       /* Integer */
    LB_FT_TEXT,      /* DIRECT_VALUE String: attribute, else the element's own text; trimToNull */
    LB_FT_BODY,      /* String from the element's own text when it has some, else the attribute */
    LB_FT_COLS,      /* List<ColumnConfig> from <column> children; never null (empty list) */
    LB_FT_ADDCOLS,   /* List<AddColumnConfig>: adds beforeColumn, afterColumn, position */
    LB_FT_INDEXCOLS, /* createIndex's AddColumnConfig list: its getSerializableFieldValue
                        clears type, autoIncrement, constraints, defaultValue, value,
                        startWith, incrementBy, encoding and remarks of every column */
    LB_FT_DROPCOLS,  /* dropColumn's ColumnConfig list: an empty list serializes as null */
    LB_FT_HIDDEN     /* write-only: the getter returns null, so it never prints */
} lb_ftype;

typedef struct lb_field {
    const char *name;     /* bean property = XML attribute name */
    lb_ftype type;
    unsigned present;     /* versions whose Java class exposes it (getter + setter) */
    unsigned excluded;    /* versions whose getExcludedFieldFilters drop it from the checksum */
    const char *dflt;     /* what the getter returns when the XML leaves it out, or NULL */
} lb_field;

typedef enum lb_change_kind {
    LB_CK_GENERIC,   /* AbstractChange.generateCheckSum: MD5 of the serialized bean */
    LB_CK_SQL,       /* AbstractSQLChange: MD5 of the normalized SQL text */
    LB_CK_CUSTOM,    /* CustomChangeWrapper: class + param map */
    LB_CK_VIEW,      /* createView: generic, and in v9 also a hash of the whitespace-free query */
    LB_CK_FILE       /* needs a file's bytes (sqlFile, loadData, ...): not supported */
} lb_change_kind;

typedef struct lb_change_type {
    const char *name;          /* XML local name = ChangeMetaData name */
    lb_change_kind kind;
    bool dbms_targeted;        /* implements DbmsTargetedChange: v9 skips it on other dbms */
    const lb_field *fields;    /* terminated by an entry with name NULL */
} lb_change_type;

/* The change type for an element's local name, or NULL when Liquibase has none. */
const lb_change_type *lb_change_type_find(const char *local_name);

/* True for changeSet children that are not changes themselves: comment, preConditions,
 * validCheckSum(s), rollback, modifySql, and the <changes> wrapper (whose children are). */
bool lb_is_changeset_meta(const char *local_name);

/* The changeSet's changes in order: its element children that are not meta. NULL at the end. */
xmlNodePtr lb_first_change(xmlNodePtr changeset);
xmlNodePtr lb_next_change(xmlNodePtr change);

/* The property's value as the Java getter returns it (after parsing and defaults), as a
 * malloc'ed string; *out is NULL when the getter returns null. Only for scalar types. */
int lb_field_value(xmlNodePtr change, const lb_change_type *t, const lb_field *f, int version,
                   char **out, omrs_error *err);

/* StringChangeLogSerializer.serialize(change) for a generic change, appended to out. */
int lb_serialize_change(xmlNodePtr change, const lb_change_type *t, int version, omrs_buf *out,
                        omrs_error *err);

/* The same for <customChange>: "customChange:[ class=..., param={...} ]". */
int lb_serialize_custom_change(xmlNodePtr change, omrs_buf *out, omrs_error *err);

/* The same for a modifySql child (replace, regExpReplace, append, prepend) whose parent
 * <modifySql> element is `modify_sql`. Returns 1 and appends when the element is a visitor,
 * 0 (nothing appended) when Liquibase has no visitor of that name. */
int lb_serialize_visitor(xmlNodePtr modify_sql, xmlNodePtr visitor, int version, omrs_buf *out,
                         omrs_error *err);

/* ---- XML access as Liquibase's ParsedNode sees it ---- */

/* The attribute with this local name (any namespace), or else the text of the first child
 * element with this local name; malloc'ed, NULL when neither exists (or no memory: then
 * *nomem is set). */
char *lb_xml_value(xmlNodePtr node, const char *name, bool *nomem);

/* The element's own text (its text and CDATA children, not its descendants'), Java
 * String.trim()-ed, malloc'ed; NULL when blank or absent (or no memory: then *nomem). */
char *lb_xml_text(xmlNodePtr node, bool *nomem);

/* The element's "id" attribute for messages ("?" when it has none); caller frees. */
char *lb_xml_id(xmlNodePtr changeset);

/* ---- Java String semantics on UTF-8 ---- */

/* String.compareTo: order of UTF-16 code units, so code points >= U+10000 sort as their
 * surrogates, i.e. below U+E000..U+FFFF. */
int lb_java_strcmp(const char *a, const char *b);

/* String.length(): UTF-16 code units of a UTF-8 string. */
size_t lb_utf16_length(const char *s);

/* Byte length of the longest prefix of s that is at most `units` UTF-16 code units and does
 * not split a character (a surrogate pair is never cut in half). */
size_t lb_utf16_prefix_bytes(const char *s, size_t units);

/* Bounds of s after Java's String.trim() (drops chars <= U+0020 at both ends). */
void lb_java_trim_span(const char *s, size_t *start, size_t *len);

/* Java's String.hashCode over UTF-16 code units. */
int lb_java_hash(const char *s);

#endif
