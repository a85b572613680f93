#include "zipentry.h"

#include <stdio.h>
#include <stdlib.h>

int omrs_zip_read_entry(zip_t *z, zip_int64_t index, char **data, size_t *len)
{
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)index, 0, &st) != 0)
        return zip_error_code_zip(zip_get_error(z));
    if (!(st.valid & ZIP_STAT_SIZE))
        return ZIP_ER_INCONS;
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)index, 0);
    if (!f)
        return zip_error_code_zip(zip_get_error(z));
    char *buf = malloc(st.size + 1);
    zip_int64_t n = buf ? zip_fread(f, buf, st.size) : -1;
    int code = !buf ? ZIP_ER_MEMORY : n < 0 ? zip_error_code_zip(zip_file_get_error(f))
             : (zip_uint64_t)n != st.size ? ZIP_ER_READ : 0;
    zip_fclose(f);
    if (code) {
        free(buf);
        return code;
    }
    buf[st.size] = '\0';
    *data = buf;
    *len = st.size;
    return 0;
}

int omrs_zip_open_nested(zip_t *outer, zip_int64_t index, zip_t **out, bool *not_a_zip)
{
    *not_a_zip = false;
    char *data;
    size_t len;
    int code = omrs_zip_read_entry(outer, index, &data, &len);
    if (code)
        return code;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 1, &ze);
    if (!src) {
        free(data);
        zip_error_fini(&ze);
        return ZIP_ER_MEMORY;
    }
    *out = zip_open_from_source(src, ZIP_RDONLY, &ze);
    code = *out ? 0 : zip_error_code_zip(&ze);
    if (!*out) {
        zip_source_free(src);
        *not_a_zip = true;
        if (!code)
            code = ZIP_ER_NOZIP;
    }
    zip_error_fini(&ze);
    return code;
}

void omrs_zip_code_text(int code, char *buf, size_t size)
{
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    snprintf(buf, size, "%s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
}
