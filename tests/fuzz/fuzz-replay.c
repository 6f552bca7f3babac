/* valuestream fuzz targets - a main() for builds without libFuzzer: runs
 * the target's entry point once on every file named on the command line
 * (directories are walked), so the seed corpus and past crashers are a
 * plain test in every build, the sanitizer builds included.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

static int
cmp_path(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
replay(const char *path, guint *count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    g_autoptr(GDir) dir = g_dir_open(path, 0, &error);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (dir == NULL) {
      fprintf(stderr, "%s\n", error->message);
      return 1;
    }
    while ((name = g_dir_read_name(dir)) != NULL)
      g_ptr_array_add(names, g_build_filename(path, name, NULL));
    g_ptr_array_sort(names, cmp_path);
    for (guint i = 0; i < names->len; i++)
      if (replay(names->pdata[i], count) != 0)
        return 1;
    return 0;
  }
  if (!g_file_get_contents(path, &data, &len, &error)) {
    fprintf(stderr, "%s\n", error->message);
    return 1;
  }
  /* An exact-size copy, as libFuzzer gives: reading one byte past the end
   * is then caught by AddressSanitizer. */
  {
    g_autofree uint8_t *exact = g_memdup2(data, len);
    LLVMFuzzerTestOneInput(exact, len);
  }
  (*count)++;
  return 0;
}

int
main(int argc, char **argv)
{
  guint count = 0;

  for (int i = 1; i < argc; i++)
    if (replay(argv[i], &count) != 0)
      return 1;
  printf("%u inputs replayed\n", count);
  return count > 0 ? 0 : 1;
}
