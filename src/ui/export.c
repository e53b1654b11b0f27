/* SPDX-License-Identifier: ISC */
/* export.c - the "Copy out" form of the certificate detail: asks for a
 * directory, writes cert.pem, chain.pem, fullchain.pem and privkey.pem
 * there on the job runner (lc_cert_export: all or nothing, the key
 * 0600, an event), then shows the full paths written, one a line, for
 * the operator to copy.
 *
 * The default directory is ~/acmetui-export/NAME, never the deploy
 * directory: that one holds the live set a server reads, and a copy
 * written there would bypass what a deploy does (the directory lock,
 * the owner, group and modes of the target, the .previous/ set to roll
 * back to, the reload).  A directory the certificate deploys to is
 * refused with a pointer to d (deploy). */
#include "config.h"

#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/store_certs.h"
#include "lifecycle/deploy.h"
#include "lifecycle/export.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/form.h"
#include "ui/theme.h"
#include "util/env.h"
#include "util/i18n.h"
#include "util/safe.h"

#define EXPORT_SUBDIR "acmetui-export"

enum { F_DIR, F__COUNT };

struct export_form {
	struct screen base;
	char *name;  /* the certificate */
	int watched; /* no key to write */
	/* The directories its deploy target writes to (refused here). */
	char deploy_dirs[DEPLOY_MAX_FILES][DEPLOY_PATH_MAX];
	size_t ndeploy;
	struct field fields[F__COUNT];
	struct form form;
	uint64_t job;		   /* the export running, 0: none */
	char dir[DEPLOY_PATH_MAX]; /* where the files went */
	unsigned files;		   /* written; 0: still the form */
	char error[1024];	   /* why the last export failed, "" none */
};

/* Rows a failure's reason may take: wrapped, not cut, since it ends in
 * the part that matters ("...: Not a directory"). */
#define ERROR_ROWS 3

/* The current user's home directory (absolute) into out (size sz);
 * 0, or -1 when there is none.  getpwuid_r: the job runner's threads may
 * look up users too (deploy owners). */
static int home_dir(char *out, size_t sz)
{
	const char *h = env_get()->home;
	struct passwd pw, *res = NULL;
	char buf[1024];

	if (h == NULL || h[0] != '/') {
		if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) != 0 ||
		    res == NULL || pw.pw_dir == NULL || pw.pw_dir[0] != '/')
			return -1;
		h = pw.pw_dir;
	}
	if ((size_t)snprintf(out, sz, "%s", h) >= sz)
		return -1;
	return 0;
}

/* ~/acmetui-export/NAME into out, NAME reduced to a safe file name
 * (letters, digits, '.', '-', '_'; others become '_', and a leading dot
 * too).  "" when there is no home directory. */
static void default_dir(const char *name, char *out, size_t sz)
{
	char home[PATH_MAX], safe[160];
	size_t i;

	out[0] = '\0';
	if (home_dir(home, sizeof(home)) != 0)
		return;
	for (i = 0; name[i] != '\0' && i + 1 < sizeof(safe); i++) {
		char ch = name[i];
		int keep = (ch >= 'a' && ch <= 'z') ||
			   (ch >= 'A' && ch <= 'Z') ||
			   (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
			   (ch == '.' && i > 0);

		if (keep)
			safe[i] = ch;
		else
			safe[i] = '_';
	}
	safe[i] = '\0';
	/* A home too long for out leaves no default rather than a cut one. */
	if ((size_t)snprintf(out, sz, "%s%s" EXPORT_SUBDIR "/%s", home,
			     home[strlen(home) - 1] == '/' ? "" : "/",
			     safe) >= sz)
		out[0] = '\0';
}

/* Remembers the directories c's deploy target writes to. */
static void note_deploy_dirs(struct export_form *f, const struct cert_row *c)
{
	struct deploy_file files[DEPLOY_MAX_FILES];
	struct deploy_target t;
	struct err e = { 0 };
	size_t n = 0, i;

	lc_deploy_target(c, &t);
	if (!lc_deploy_target_set(&t) ||
	    deploy_target_files(&t, files, &n, &e) != RC_OK)
		return;
	for (i = 0; i < n && f->ndeploy < DEPLOY_MAX_FILES; i++) {
		char *slash = strrchr(files[i].path, '/');

		if (slash == NULL)
			continue;
		if (slash == files[i].path)
			slash++; /* a file in / */
		*slash = '\0';
		snprintf(f->deploy_dirs[f->ndeploy],
			 sizeof(f->deploy_dirs[f->ndeploy]), "%s",
			 files[i].path);
		f->ndeploy++;
	}
}

/* Length of path without trailing slashes (but "/" stays). */
static size_t trimmed_len(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	return n;
}

/* Is dir one of the deploy directories?  The same directory by device
 * and inode when both exist, else the same spelling. */
static int is_deploy_dir(const struct export_form *f, const char *dir)
{
	struct stat sd, st;
	int have = stat(dir, &sd) == 0;
	size_t i, n = trimmed_len(dir);

	for (i = 0; i < f->ndeploy; i++) {
		const char *d = f->deploy_dirs[i];

		if (have && stat(d, &st) == 0) {
			if (sd.st_dev == st.st_dev && sd.st_ino == st.st_ino)
				return 1;
			continue;
		}
		if (n == trimmed_len(d) && strncmp(dir, d, n) == 0)
			return 1;
	}
	return 0;
}

/* Draws text (escaped) from row y, wrapped at w columns instead of cut,
 * so that a long path can be copied whole; returns the next row. */
static int put_wrapped(int y, int x, int w, int maxy, attr_t at,
		       const char *text)
{
	/* Room for a path of any length the form takes, escaped. */
	char esc[2 * DEPLOY_PATH_MAX], part[2 * DEPLOY_PATH_MAX];
	const char *p;
	size_t len, cut;
	int cols;

	safe_line(esc, sizeof(esc), text, strlen(text));
	p = esc;
	while (*p != '\0' && y < maxy && w > 0) {
		/* Up to w characters, cut at a character boundary. */
		cut = 0;
		cols = 0;
		len = strlen(p);
		while (cut < len && cols < w) {
			cut++;
			while (cut < len &&
			       ((unsigned char)p[cut] & 0xc0) == 0x80)
				cut++;
			cols++;
		}
		memcpy(part, p, cut);
		part[cut] = '\0';
		ui_put(y++, x, w, at, 0, part);
		p += cut;
	}
	return y;
}

/* After the export: where each file went, for copying. */
static void draw_result(struct export_form *f, int y, int maxy)
{
	char path[DEPLOY_PATH_MAX + 32];
	unsigned i;

	ui_put(y++, 1, COLS - 2, theme_attr(ROLE_OK) | A_BOLD, 0,
	       _("Written (mode, path):"));
	y++;
	for (i = 0; i < f->files && i < LC_EXPORT_FILES && y < maxy; i++) {
		ui_printf(y, 2, 6, A_NORMAL, 0, "%04o", lc_export_modes[i]);
		snprintf(path, sizeof(path), "%s%s%s", f->dir,
			 f->dir[trimmed_len(f->dir) - 1] == '/' ? "" : "/",
			 lc_export_names[i]);
		y = put_wrapped(y, 8, COLS - 9, maxy, A_NORMAL, path);
	}
	if (f->files < LC_EXPORT_FILES && y + 1 < maxy)
		ui_put(y + 1, 2, COLS - 4, theme_attr(ROLE_DIM), 0,
		       _("No privkey.pem: the certificate is only watched, "
			 "its key is not in the inventory."));
}

static void export_draw(struct app *a, struct screen *s)
{
	struct export_form *f = (struct export_form *)s;
	char title[UI_LINE_MAX], esc[256];
	int y = 2, maxy = LINES - 2;

	safe_line(esc, sizeof(esc), f->name, strlen(f->name));
	snprintf(title, sizeof(title), _("Copy out %s"), esc);
	app_title(a, title);
	if (f->files > 0) {
		draw_result(f, y, maxy);
		return;
	}
	ui_put(y++, 1, COLS - 2, A_NORMAL, 0,
	       f->watched ? _("Writes cert.pem, chain.pem and fullchain.pem "
			      "(0644); no key (watched).")
			  : _("Writes cert.pem, chain.pem, fullchain.pem "
			      "(0644) and privkey.pem (0600)"));
	ui_put(y++, 1, COLS - 2, A_NORMAL, 0,
	       _("into this directory (created when missing); files of "
		 "these names are replaced."));
	y++;
	y = form_draw(a, &f->form, y, 1, COLS - 2, maxy);
	if (f->job != 0 && y + 1 < maxy)
		ui_put(y + 1, 2, COLS - 4, theme_attr(ROLE_DUE) | A_BOLD, 0,
		       _("Writing..."));
	else if (f->error[0] != '\0' && y + 1 < maxy)
		put_wrapped(y + 1, 2, COLS - 4,
			    y + 1 + ERROR_ROWS < maxy ? y + 1 + ERROR_ROWS
						      : maxy,
			    theme_attr(ROLE_BAD), f->error);
}

static enum input_rc export_input(struct app *a, struct screen *s, int key)
{
	struct export_form *f = (struct export_form *)s;

	(void)a;
	if (f->files > 0)
		return INPUT_IGNORED; /* the result: Enter, Esc close */
	if (f->job != 0 && key != UI_ESC)
		return INPUT_USED;
	return form_input(&f->form, key);
}

/* Checks the directory; on a problem shows it under the field and
 * returns 0. */
static int export_check(struct export_form *f)
{
	struct field *fl = &f->fields[F_DIR];
	const char *dir = field_text(fl);

	fl->msg[0] = '\0';
	fl->msg_bad = 0;
	f->error[0] = '\0';
	if (dir[0] == '\0')
		field_msg(fl, 1, "%s", _("required"));
	else if (dir[0] != '/')
		field_msg(fl, 1, "%s",
			  _("give an absolute path (starting with /)"));
	else if (is_deploy_dir(f, dir))
		field_msg(fl, 1, "%s",
			  _("the certificate deploys here: use d (deploy), "
			    "which keeps owner, modes and a rollback"));
	return fl->msg_bad == 0;
}

static void export_submit(struct app *a, struct export_form *f)
{
	struct job_request req = { 0 };

	if (!export_check(f))
		return;
	req.kind = JOB_EXPORT;
	req.name = f->name;
	req.reason = -1;
	req.dir = field_text(&f->fields[F_DIR]);
	if (app_submit(a, &req, &f->job) != RC_OK)
		f->job = 0;
}

static int export_action(struct app *a, struct screen *s, enum action act)
{
	struct export_form *f = (struct export_form *)s;

	if (f->files > 0) {
		if (act != ACT_SUBMIT)
			return act != ACT_BACK && act != ACT_HELP &&
			       act != ACT_QUIT && act != ACT_REDRAW;
		app_pop(a);
		return 1;
	}
	if (act == ACT_SUBMIT) {
		if (f->job == 0)
			export_submit(a, f);
		return 1;
	}
	return form_action(&f->form, act);
}

static void export_note(struct app *a, struct screen *s,
			const struct job_note *n)
{
	struct export_form *f = (struct export_form *)s;

	if (!n->done || n->job_id != f->job)
		return;
	f->job = 0;
	a->dirty = 1;
	if (n->rc != RC_OK) {
		snprintf(f->error, sizeof(f->error), "%s",
			 n->message[0] ? n->message : rc_str(n->rc));
		app_status(a, UI_ERROR, _("%s: nothing copied"), n->subject);
		return;
	}
	snprintf(f->dir, sizeof(f->dir), "%s", field_text(&f->fields[F_DIR]));
	f->files = n->files;
	app_status(a, UI_OK, _("%s: %u files copied to %s"), n->subject,
		   n->files, f->dir);
}

/* The footer: the result only closes. */
static const struct keybind *export_keys(struct screen *s)
{
	return ((struct export_form *)s)->files > 0 ? keys_result : keys_form;
}

static void export_free(struct screen *s)
{
	struct export_form *f = (struct export_form *)s;

	if (f == NULL)
		return;
	form_clear(&f->form);
	free(f->name);
	free(f);
}

static const struct screen_ops export_ops = {
	.title = N_("Copy out"),
	.keys = keys_form,
	.draw = export_draw,
	.input = export_input,
	.action = export_action,
	.note = export_note,
	.current_keys = export_keys,
	.free = export_free,
};

struct screen *export_new(struct app *a, const struct cert_row *c)
{
	struct export_form *f = calloc(1, sizeof(*f));
	char dir[DEPLOY_PATH_MAX];

	(void)a;
	if (f == NULL)
		return NULL;
	f->base.ops = &export_ops;
	f->name = strdup(c->name);
	if (f->name == NULL) {
		free(f);
		return NULL;
	}
	f->watched = c->key_pem == NULL;
	note_deploy_dirs(f, c);
	f->fields[F_DIR] = (struct field){ .kind = FIELD_TEXT,
					   .label = N_("Directory:"),
					   .max = DEPLOY_PATH_MAX - 1 };
	form_init(&f->form, f->fields, F__COUNT, 11);
	default_dir(c->name, dir, sizeof(dir));
	if (field_set(&f->fields[F_DIR], dir[0] ? dir : NULL) != 0) {
		export_free(&f->base);
		return NULL;
	}
	field_msg(&f->fields[F_DIR], 0, "%s",
		  dir[0] ? _("any absolute directory but the one the "
			     "certificate deploys to")
			 : _("give an absolute directory"));
	return &f->base;
}
