// Social-media posts for the demo organisation: a handful of reported posts
// written by accounts that resemble its members, so that triage, duplicates,
// candidate links and a case's posts can be seen on a fresh demo. Abusive
// posts across several of the IHRA examples, and as many that must not be
// pushed up the queue: criticism of a government's policy, news, a victim
// quoting abuse to report it. All text is ours and invented. Deterministic
// for a given database and date.
#pragma once

#include "app/post_service.hpp"
#include "core/result.hpp"
#include "domain/actor.hpp"
#include "store/store.hpp"

namespace docket::app {

/// Imports the demo posts through `posts` (as a caseworker would), attaching
/// the respondent's posts to an open antisemitism case with a member as
/// respondent, and declares one member's handle. kFailedPrecondition when the
/// database has no such case.
Result<PostImportReport> GenerateDemoPosts(store::Store& store, PostService& posts, const domain::Actor& actor,
                                           Instant now);

}  // namespace docket::app
