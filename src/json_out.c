#include "json_out.h"

int omrs_json_print(json_t *doc, FILE *out, omrs_error *err)
{
    if (!doc)
        return omrs_fail_nomem(err);
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    fputc('\n', out);
    return rc == 0 ? 0 : omrs_fail(err, OMRS_ERR_IO, "cannot write the JSON output");
}

json_t *omrs_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}
