/* skeleton.c — the source a new organization starts from (`polc init`).
 *
 * The files follow the guideline's three tiers, as policy-src/ does, each with the
 * least that makes every consistency check meaningful: a term that is used, a threat
 * that a basic measure counters, a standard that implements the measure, a must-rule
 * with its check and a procedure that implements the rule. `polc check` passes on it
 * with no warning and `polc fmt --check` finds nothing to change (tests/e2e/init.sh).
 * The texts are examples to be replaced; "{{ORG}}" and "{{ISSUED}}" are filled in. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit/skeleton.h"
#include "lib/util.h"

const char *const pol_skeleton_files[] = {
	"policy.pol", "roles.pol", "params.pol", "basic.pol", "standards.pol", "procedures.pol", NULL,
};

static const char *const S_texts[] = {
	/* policy.pol */
	"# {{ORG}} 情報セキュリティポリシー\n"
	"# 入口のファイル: ポリシーの見出し（@policy）と、読む順に並べた各ファイルの @include。\n"
	"# 書き方は `polc check` で確かめ、`polc fmt` で体裁を整える。\n"
	"@policy isp {{ORG}}情報セキュリティポリシー\n"
	"  organization = {{ORG}}\n"
	"  issued = {{ISSUED}}\n"
	"  numbering = guideline\n"
	"\n"
	"@include roles.pol\n"
	"@include params.pol\n"
	"@include basic.pol\n"
	"@include standards.pol\n"
	"@include procedures.pol\n",

	/* roles.pol */
	"# 役割（ロール）: 対策基準と実施手順の applies / owner / role 属性から id で参照する。\n"
	"# 公開版にも現れる役割には public を付ける。その他は非公開（internal）となる。\n"
	"\n"
	"@role staff 職員等 [public]\n"
	"{{ORG}}の情報資産に関する業務に携わる全ての職員をいう。\n"
	"\n"
	"@role ciso 最高情報セキュリティ責任者（CISO）\n"
	"{{ORG}}における全ての情報資産の管理及び情報セキュリティ対策に関する最終決定権限及び責任を有する者をいう。\n"
	"\n"
	"@role system-admin 情報システム管理者\n"
	"所管する情報システムの設定変更、運用、更新等に関する権限及び責任を有する者をいう。\n",

	/* params.pol */
	"# パラメータ: 本文から {param ID} で参照する数値等。値を変えるとすべての版に反映される。\n"
	"\n"
	"@param entry.record_retention [duration, value=3y]\n"
	"管理区域の入退室記録を保存する期間。\n",

	/* basic.pol */
	"# 情報セキュリティ基本方針（公開）\n"
	"\n"
	"@document basic 情報セキュリティ基本方針 [public, tier=basic, summary=情報セキュリティ対策に関する統一的かつ基本的な方針]\n"
	"@chapter basic-policy 情報セキュリティ基本方針\n"
	"\n"
	"@article purpose 目的\n"
	"本基本方針は、{{ORG}}が保有する{情報資産}の機密性、完全性及び可用性を維持するため、{{ORG}}が実施する情報セキュリティ対策について基本的な事項を定めることを目的とする。\n"
	"\n"
	"@article definitions 定義\n"
	"\n"
	"@term information-asset 情報資産\n"
	"ネットワーク、情報システム及びこれらで取り扱う情報をいう。\n"
	"\n"
	"@article threats 情報資産への脅威\n"
	"\n"
	"@threat intrusion 不正な侵入\n"
	"部外者の侵入、不正アクセス等による情報資産の漏えい、改ざん及び消去。\n"
	"\n"
	"@article measures 情報セキュリティ対策\n"
	"{ref threats}に掲げる脅威から{情報資産}を保護するため、次の対策を講じる。\n"
	"\n"
	"@measure physical 物理的セキュリティ [counters=intrusion]\n"
	"サーバ等を設置する管理区域への入退室を管理する。\n",

	/* standards.pol */
	"# 情報セキュリティ対策基準（非公開）: 基本方針の対策ごとに、遵守事項（規則）と点検項目を定める。\n"
	"\n"
	"@document standards 情報セキュリティ対策基準 [internal, listed, tier=standards, summary=基本方針を実行に移すための対策の基準]\n"
	"@chapter standards-main 情報セキュリティ対策基準\n"
	"\n"
	"@article physical 物理的セキュリティ [implements=basic.physical]\n"
	"\n"
	"@rule phy-entry 管理区域への入退室 [must, applies=staff, owner=system-admin, counters=basic.intrusion]\n"
	"管理区域への入退室は許可された者に限り、入退室の記録を{param entry.record_retention}保存しなければならない。\n"
	"@check [every=month, evidence=入退室管理簿]\n"
	"入退室の記録が保存され、毎月確認されているか。\n",

	/* procedures.pol */
	"# 情報セキュリティ実施手順（非公開）: 対策基準の規則を実施する手順を、役割ごとの手順（@step）で定める。\n"
	"\n"
	"@document procedures 情報セキュリティ実施手順 [internal, listed, tier=procedures, summary=対策基準を実施するための具体的な手順]\n"
	"@chapter procedures-main 情報セキュリティ実施手順\n"
	"\n"
	"@procedure proc-entry 入退室管理の手順 [implements=standards.phy-entry]\n"
	"\n"
	"@step [role=staff]\n"
	"管理区域に入る前に、入退室管理簿に氏名、日時及び目的を記入する。\n"
	"\n"
	"@step [role=system-admin]\n"
	"毎月、入退室管理簿を確認し、確認した日を記録する。\n",
};

const char *pol_skeleton_bad_name(const char *name)
{
	if (!*name)
		return "it is empty";
	if (pol_utf8_invalid_at(name, strlen(name)) != (size_t)-1)
		return "it is not UTF-8";
	if (name[0] == ' ' || name[strlen(name) - 1] == ' ')
		return "it starts or ends with a space";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return "it holds a control character";
		if (strchr("[]{}#\"\\", *p))
			return "it holds one of [ ] { } # \" \\, which the policy language gives a meaning to";
	}
	return NULL;
}

static bool S_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool empty = true;
	for (struct dirent *e; empty && (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

/* text with every {{ORG}} and {{ISSUED}} filled in; caller frees. */
static char *S_fill(const char *text, const char *org, const char *issued)
{
	pol_buf b = {0};
	for (const char *p = text; *p;) {
		if (!strncmp(p, "{{ORG}}", 7)) {
			pol_buf_puts(&b, org);
			p += 7;
		} else if (!strncmp(p, "{{ISSUED}}", 10)) {
			pol_buf_puts(&b, issued);
			p += 10;
		} else {
			pol_buf_putc(&b, *p++);
		}
	}
	return pol_buf_detach(&b);
}

/* Writes a new file (never an existing one). Returns 0 or -1 with errno. */
static int S_create(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	size_t len = strlen(data), off = 0;
	int err = 0;
	while (off < len && !err) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno != EINTR)
			err = errno;
		else if (n > 0)
			off += (size_t)n;
	}
	if (close(fd) != 0 && !err)
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

int pol_skeleton_write(const char *dir, const char *org, const char *issued, char **err)
{
	*err = NULL;
	struct stat st;
	bool made = false;
	if (lstat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			*err = pol_xasprintf("'%s' exists and is not a folder", dir);
			return -1;
		}
		if (!S_empty(dir)) {
			*err = pol_xasprintf("'%s' is not empty: polc init makes a new policy in a new or empty folder", dir);
			return -1;
		}
	} else if (errno != ENOENT || pol_mkdirs(dir) != 0) {
		*err = pol_xasprintf("cannot make '%s': %s", dir, strerror(errno));
		return -1;
	} else {
		made = true;
	}
	size_t i = 0;
	for (; pol_skeleton_files[i]; i++) {
		char *path = pol_xasprintf("%s/%s", dir, pol_skeleton_files[i]);
		char *text = S_fill(S_texts[i], org, issued);
		int rc = S_create(path, text);
		if (rc != 0)
			*err = pol_xasprintf("cannot write '%s': %s", path, strerror(errno));
		free(text);
		free(path);
		if (rc != 0)
			break;
	}
	if (!*err)
		return 0;
	/* Undo: the files made so far (the one that failed too), and the folder if it was
	 * made here. The folder was empty, so none of them was someone else's. */
	for (size_t k = 0; k <= i && pol_skeleton_files[k]; k++) {
		char *path = pol_xasprintf("%s/%s", dir, pol_skeleton_files[k]);
		unlink(path);
		free(path);
	}
	if (made)
		rmdir(dir);
	return -1;
}
