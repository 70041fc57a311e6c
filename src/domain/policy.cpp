#include "domain/policy.hpp"

#include <algorithm>

namespace docket::domain {
namespace {

template <class T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Category* Policy::FindCategory(std::string_view id) const { return FindById(categories, id); }
const Role* Policy::FindRole(std::string_view id) const { return FindById(roles, id); }
const FieldSpec* Policy::FindField(std::string_view id) const { return FindById(fields, id); }
const WaitingState* Policy::FindWaiting(std::string_view id) const { return FindById(waiting_states, id); }
const Stage* Policy::FindStage(std::string_view id) const { return FindById(stages, id); }
const SanctionKind* Policy::FindSanction(std::string_view id) const { return FindById(sanctions, id); }

const Action* Policy::FindAction(std::string_view stage, std::string_view action) const {
  for (const Action& a : actions) {
    if (a.from == stage && a.id == action) return &a;
  }
  return nullptr;
}

std::vector<const Action*> Policy::ActionsFrom(std::string_view stage) const {
  std::vector<const Action*> out;
  for (const Action& a : actions) {
    if (a.from == stage) out.push_back(&a);
  }
  return out;
}

std::string_view Name(ActionEffect effect) {
  switch (effect) {
    case ActionEffect::kNone: return "none";
    case ActionEffect::kDecision: return "decision";
    case ActionEffect::kInterimSuspension: return "interim_suspension";
    case ActionEffect::kReviewInterimSuspension: return "review_interim_suspension";
    case ActionEffect::kLiftInterimSuspension: return "lift_interim_suspension";
    case ActionEffect::kLodgeAppeal: return "lodge_appeal";
    case ActionEffect::kAppealUpheld: return "appeal_upheld";
    case ActionEffect::kAppealDismissed: return "appeal_dismissed";
    case ActionEffect::kAssign: return "assign";
  }
  return "none";
}

std::string_view Name(FieldType type) {
  switch (type) {
    case FieldType::kText: return "text";
    case FieldType::kDate: return "date";
    case FieldType::kInteger: return "integer";
    case FieldType::kSanction: return "sanction";
    case FieldType::kChoice: return "choice";
    case FieldType::kUser: return "user";
  }
  return "text";
}

}  // namespace docket::domain
