/* dynlib_git.h — libgit2 through the pointers dynlib.c fills in (dynlib.h): include this
 * instead of git2.h, and call pol_dl_git_open() before the first call (before
 * git_libgit2_init). Its types and macros are git2.h's own. */
#ifndef POL_DYNLIB_GIT_H
#define POL_DYNLIB_GIT_H

#include <git2.h>

#include "lib/dynlib.h"

/* The functions polc calls. */
#define POL_DL_GIT_FNS(X) \
	X(git_blob_free) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_commit_free) \
	X(git_commit_id) \
	X(git_commit_parent_id) \
	X(git_commit_parentcount) \
	X(git_commit_time) \
	X(git_commit_time_offset) \
	X(git_commit_tree_id) \
	X(git_error_last) \
	X(git_index_entry_stage) \
	X(git_index_entrycount) \
	X(git_index_free) \
	X(git_index_get_byindex) \
	X(git_libgit2_init) \
	X(git_libgit2_shutdown) \
	X(git_object_free) \
	X(git_object_id) \
	X(git_object_lookup) \
	X(git_object_type) \
	X(git_odb_exists_prefix) \
	X(git_odb_free) \
	X(git_oid_cpy) \
	X(git_oid_fromstrn) \
	X(git_oid_tostr) \
	X(git_reference_dwim) \
	X(git_reference_free) \
	X(git_reference_iterator_free) \
	X(git_reference_iterator_glob_new) \
	X(git_reference_name) \
	X(git_reference_next) \
	X(git_reference_resolve) \
	X(git_reference_target) \
	X(git_reference_type) \
	X(git_repository_commondir) \
	X(git_repository_free) \
	X(git_repository_head_unborn) \
	X(git_repository_index) \
	X(git_repository_is_bare) \
	X(git_repository_odb) \
	X(git_repository_open_ext) \
	X(git_repository_workdir) \
	X(git_revparse_single) \
	X(git_status_list_entrycount) \
	X(git_status_list_free) \
	X(git_status_list_new) \
	X(git_status_options_init) \
	X(git_tag_free) \
	X(git_tag_message) \
	X(git_tag_target_id) \
	X(git_tree_entry_byindex) \
	X(git_tree_entry_byname) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_id) \
	X(git_tree_entry_name) \
	X(git_tree_entry_type) \
	X(git_tree_entrycount) \
	X(git_tree_free)

struct pol_dl_git {
#define POL_DL_PTR(f) __typeof__(f) *f;
	POL_DL_GIT_FNS(POL_DL_PTR)
#undef POL_DL_PTR
};
extern struct pol_dl_git pol_dl_git;

/* The names, from here on, are the table's (dynlib.c, which fills it, keeps the real ones). */
#ifndef POL_DYNLIB_IMPL
#define git_blob_free pol_dl_git.git_blob_free
#define git_blob_rawcontent pol_dl_git.git_blob_rawcontent
#define git_blob_rawsize pol_dl_git.git_blob_rawsize
#define git_commit_free pol_dl_git.git_commit_free
#define git_commit_id pol_dl_git.git_commit_id
#define git_commit_parent_id pol_dl_git.git_commit_parent_id
#define git_commit_parentcount pol_dl_git.git_commit_parentcount
#define git_commit_time pol_dl_git.git_commit_time
#define git_commit_time_offset pol_dl_git.git_commit_time_offset
#define git_commit_tree_id pol_dl_git.git_commit_tree_id
#define git_error_last pol_dl_git.git_error_last
#define git_index_entry_stage pol_dl_git.git_index_entry_stage
#define git_index_entrycount pol_dl_git.git_index_entrycount
#define git_index_free pol_dl_git.git_index_free
#define git_index_get_byindex pol_dl_git.git_index_get_byindex
#define git_libgit2_init pol_dl_git.git_libgit2_init
#define git_libgit2_shutdown pol_dl_git.git_libgit2_shutdown
#define git_object_free pol_dl_git.git_object_free
#define git_object_id pol_dl_git.git_object_id
#define git_object_lookup pol_dl_git.git_object_lookup
#define git_object_type pol_dl_git.git_object_type
#define git_odb_exists_prefix pol_dl_git.git_odb_exists_prefix
#define git_odb_free pol_dl_git.git_odb_free
#define git_oid_cpy pol_dl_git.git_oid_cpy
#define git_oid_fromstrn pol_dl_git.git_oid_fromstrn
#define git_oid_tostr pol_dl_git.git_oid_tostr
#define git_reference_dwim pol_dl_git.git_reference_dwim
#define git_reference_free pol_dl_git.git_reference_free
#define git_reference_iterator_free pol_dl_git.git_reference_iterator_free
#define git_reference_iterator_glob_new pol_dl_git.git_reference_iterator_glob_new
#define git_reference_name pol_dl_git.git_reference_name
#define git_reference_next pol_dl_git.git_reference_next
#define git_reference_resolve pol_dl_git.git_reference_resolve
#define git_reference_target pol_dl_git.git_reference_target
#define git_reference_type pol_dl_git.git_reference_type
#define git_repository_commondir pol_dl_git.git_repository_commondir
#define git_repository_free pol_dl_git.git_repository_free
#define git_repository_head_unborn pol_dl_git.git_repository_head_unborn
#define git_repository_index pol_dl_git.git_repository_index
#define git_repository_is_bare pol_dl_git.git_repository_is_bare
#define git_repository_odb pol_dl_git.git_repository_odb
#define git_repository_open_ext pol_dl_git.git_repository_open_ext
#define git_repository_workdir pol_dl_git.git_repository_workdir
#define git_revparse_single pol_dl_git.git_revparse_single
#define git_status_list_entrycount pol_dl_git.git_status_list_entrycount
#define git_status_list_free pol_dl_git.git_status_list_free
#define git_status_list_new pol_dl_git.git_status_list_new
#define git_status_options_init pol_dl_git.git_status_options_init
#define git_tag_free pol_dl_git.git_tag_free
#define git_tag_message pol_dl_git.git_tag_message
#define git_tag_target_id pol_dl_git.git_tag_target_id
#define git_tree_entry_byindex pol_dl_git.git_tree_entry_byindex
#define git_tree_entry_byname pol_dl_git.git_tree_entry_byname
#define git_tree_entry_filemode pol_dl_git.git_tree_entry_filemode
#define git_tree_entry_id pol_dl_git.git_tree_entry_id
#define git_tree_entry_name pol_dl_git.git_tree_entry_name
#define git_tree_entry_type pol_dl_git.git_tree_entry_type
#define git_tree_entrycount pol_dl_git.git_tree_entrycount
#define git_tree_free pol_dl_git.git_tree_free
#endif

#endif
