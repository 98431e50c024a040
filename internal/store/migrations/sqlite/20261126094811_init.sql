-- +goose Up
-- create "activities" table
CREATE TABLE `activities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `category` text NOT NULL, `held_on` datetime NOT NULL, `participants` integer NOT NULL DEFAULT (0), `volunteer_hours` real NOT NULL DEFAULT (0), `venue` text NULL, `off_site` bool NOT NULL DEFAULT (false), `description` text NULL, `community_id` integer NOT NULL, CONSTRAINT `activities_communities_activities` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- create index "activity_community_id_held_on" to table: "activities"
CREATE INDEX `activity_community_id_held_on` ON `activities` (`community_id`, `held_on`);
-- create index "activity_held_on" to table: "activities"
CREATE INDEX `activity_held_on` ON `activities` (`held_on`);
-- create "charity_resources" table
CREATE TABLE `charity_resources` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `donor_name` text NOT NULL, `kind` text NOT NULL, `value_fen` integer NOT NULL DEFAULT (0), `description` text NULL, `received_on` datetime NOT NULL, `community_id` integer NOT NULL, `donor_enterprise_id` integer NULL, `donor_organization_id` integer NULL, CONSTRAINT `charity_resources_communities_charity_resources` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `charity_resources_enterprises_donations` FOREIGN KEY (`donor_enterprise_id`) REFERENCES `enterprises` (`id`) ON DELETE SET NULL, CONSTRAINT `charity_resources_social_organizations_donations` FOREIGN KEY (`donor_organization_id`) REFERENCES `social_organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "charity_resources" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("charity_resources", 4294967296);
-- create index "charityresource_community_id" to table: "charity_resources"
CREATE INDEX `charityresource_community_id` ON `charity_resources` (`community_id`);
-- create index "charityresource_donor_enterprise_id" to table: "charity_resources"
CREATE INDEX `charityresource_donor_enterprise_id` ON `charity_resources` (`donor_enterprise_id`);
-- create index "charityresource_donor_organization_id" to table: "charity_resources"
CREATE INDEX `charityresource_donor_organization_id` ON `charity_resources` (`donor_organization_id`);
-- create "communities" table
CREATE TABLE `communities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `latitude` real NULL, `longitude` real NULL, `code` text NOT NULL, `name` text NOT NULL, `area_km2` real NOT NULL DEFAULT (0), `households` integer NOT NULL DEFAULT (0), `population` integer NOT NULL DEFAULT (0), `relocated_share` real NOT NULL DEFAULT (0), `elderly_share` real NOT NULL DEFAULT (0), `minor_share` real NOT NULL DEFAULT (0), `founded_on` datetime NULL, `pilot_year` integer NULL, `honours` json NULL, `remark` text NULL, `street_id` integer NOT NULL, CONSTRAINT `communities_divisions_communities` FOREIGN KEY (`street_id`) REFERENCES `divisions` (`id`) ON DELETE NO ACTION);
-- set sequence for "communities" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("communities", 8589934592);
-- create index "communities_code_key" to table: "communities"
CREATE UNIQUE INDEX `communities_code_key` ON `communities` (`code`);
-- create index "community_street_id" to table: "communities"
CREATE INDEX `community_street_id` ON `communities` (`street_id`);
-- create "consultations" table
CREATE TABLE `consultations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `category` text NOT NULL, `status` text NOT NULL DEFAULT ('RAISED'), `raised_on` datetime NOT NULL, `resolved_on` datetime NULL, `raised_by` text NULL, `outcome` text NULL, `community_id` integer NOT NULL, CONSTRAINT `consultations_communities_consultations` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "consultations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("consultations", 12884901888);
-- create index "consultation_community_id_status" to table: "consultations"
CREATE INDEX `consultation_community_id_status` ON `consultations` (`community_id`, `status`);
-- create "departments" table
CREATE TABLE `departments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `division_id` integer NOT NULL, CONSTRAINT `departments_divisions_departments` FOREIGN KEY (`division_id`) REFERENCES `divisions` (`id`) ON DELETE NO ACTION);
-- set sequence for "departments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("departments", 17179869184);
-- create index "department_division_id_name" to table: "departments"
CREATE UNIQUE INDEX `department_division_id_name` ON `departments` (`division_id`, `name`);
-- create "divisions" table
CREATE TABLE `divisions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `level` text NOT NULL, `parent_id` integer NULL, CONSTRAINT `divisions_divisions_children` FOREIGN KEY (`parent_id`) REFERENCES `divisions` (`id`) ON DELETE SET NULL);
-- set sequence for "divisions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("divisions", 21474836480);
-- create index "divisions_code_key" to table: "divisions"
CREATE UNIQUE INDEX `divisions_code_key` ON `divisions` (`code`);
-- create index "division_parent_id" to table: "divisions"
CREATE INDEX `division_parent_id` ON `divisions` (`parent_id`);
-- create index "division_level" to table: "divisions"
CREATE INDEX `division_level` ON `divisions` (`level`);
-- create "enterprises" table
CREATE TABLE `enterprises` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `uscc` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `industry` text NULL);
-- set sequence for "enterprises" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("enterprises", 25769803776);
-- create index "enterprises_uscc_key" to table: "enterprises"
CREATE UNIQUE INDEX `enterprises_uscc_key` ON `enterprises` (`uscc`);
-- create "facilities" table
CREATE TABLE `facilities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `area_m2` real NOT NULL, `opened_on` datetime NULL, `community_id` integer NOT NULL, CONSTRAINT `facilities_communities_facilities` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "facilities" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("facilities", 30064771072);
-- create index "facility_community_id" to table: "facilities"
CREATE INDEX `facility_community_id` ON `facilities` (`community_id`);
-- create "grids" table
CREATE TABLE `grids` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `households` integer NOT NULL DEFAULT (0), `ten_household_units` integer NOT NULL DEFAULT (0), `leader` text NULL, `community_id` integer NOT NULL, CONSTRAINT `grids_communities_grids` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "grids" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("grids", 34359738368);
-- create index "grid_community_id_code" to table: "grids"
CREATE UNIQUE INDEX `grid_community_id_code` ON `grids` (`community_id`, `code`);
-- create "incubation_bases" table
CREATE TABLE `incubation_bases` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `latitude` real NULL, `longitude` real NULL, `name` text NOT NULL, `address` text NULL, `opened_on` datetime NULL, `rent_free` bool NOT NULL DEFAULT (true), `division_id` integer NOT NULL, CONSTRAINT `incubation_bases_divisions_incubation_bases` FOREIGN KEY (`division_id`) REFERENCES `divisions` (`id`) ON DELETE NO ACTION);
-- set sequence for "incubation_bases" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("incubation_bases", 38654705664);
-- create index "incubationbase_division_id" to table: "incubation_bases"
CREATE INDEX `incubationbase_division_id` ON `incubation_bases` (`division_id`);
-- create "joint_meetings" table
CREATE TABLE `joint_meetings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `held_on` datetime NOT NULL, `decisions` json NULL, `community_id` integer NULL, `division_id` integer NULL, CONSTRAINT `joint_meetings_communities_joint_meetings` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE SET NULL, CONSTRAINT `joint_meetings_divisions_joint_meetings` FOREIGN KEY (`division_id`) REFERENCES `divisions` (`id`) ON DELETE SET NULL);
-- set sequence for "joint_meetings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("joint_meetings", 42949672960);
-- create index "jointmeeting_community_id" to table: "joint_meetings"
CREATE INDEX `jointmeeting_community_id` ON `joint_meetings` (`community_id`);
-- create index "jointmeeting_division_id" to table: "joint_meetings"
CREATE INDEX `jointmeeting_division_id` ON `joint_meetings` (`division_id`);
-- create "ledger_entries" table
CREATE TABLE `ledger_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `direction` text NOT NULL, `category` text NOT NULL, `amount_fen` integer NOT NULL, `occurred_on` datetime NOT NULL, `note` text NULL, `project_id` integer NOT NULL, CONSTRAINT `ledger_entries_revenue_projects_entries` FOREIGN KEY (`project_id`) REFERENCES `revenue_projects` (`id`) ON DELETE NO ACTION);
-- set sequence for "ledger_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ledger_entries", 47244640256);
-- create index "ledgerentry_project_id_occurred_on" to table: "ledger_entries"
CREATE INDEX `ledgerentry_project_id_occurred_on` ON `ledger_entries` (`project_id`, `occurred_on`);
-- create "needs" table
CREATE TABLE `needs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `category` text NOT NULL, `weight` real NOT NULL, `description` text NULL, `recorded_on` datetime NULL, `community_id` integer NOT NULL, CONSTRAINT `needs_communities_needs` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "needs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("needs", 51539607552);
-- create index "need_community_id_category" to table: "needs"
CREATE UNIQUE INDEX `need_community_id_category` ON `needs` (`community_id`, `category`);
-- create "pairings" table
CREATE TABLE `pairings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('PROPOSED'), `source` text NOT NULL DEFAULT ('MANUAL'), `since` datetime NULL, `until` datetime NULL, `score` real NULL, `reasons` json NULL, `end_reason` text NULL, `note` text NULL, `community_id` integer NOT NULL, `group_id` integer NOT NULL, CONSTRAINT `pairings_communities_pairings` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `pairings_student_groups_pairings` FOREIGN KEY (`group_id`) REFERENCES `student_groups` (`id`) ON DELETE NO ACTION);
-- set sequence for "pairings" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("pairings", 55834574848);
-- create index "pairing_community_id_status" to table: "pairings"
CREATE INDEX `pairing_community_id_status` ON `pairings` (`community_id`, `status`);
-- create index "pairing_group_id" to table: "pairings"
CREATE INDEX `pairing_group_id` ON `pairings` (`group_id`);
-- create "partnership_agreements" table
CREATE TABLE `partnership_agreements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `kind` text NOT NULL, `signed_on` datetime NOT NULL, `valid_until` datetime NULL, `scope` text NULL);
-- set sequence for "partnership_agreements" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("partnership_agreements", 60129542144);
-- create "points_entries" table
CREATE TABLE `points_entries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `points` integer NOT NULL, `reason` text NOT NULL, `occurred_on` datetime NOT NULL, `volunteer_id` integer NOT NULL, CONSTRAINT `points_entries_volunteers_points` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE NO ACTION);
-- set sequence for "points_entries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("points_entries", 64424509440);
-- create index "pointsentry_volunteer_id" to table: "points_entries"
CREATE INDEX `pointsentry_volunteer_id` ON `points_entries` (`volunteer_id`);
-- create "residencies" table
CREATE TABLE `residencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `admitted_on` datetime NOT NULL, `left_on` datetime NULL, `rating` integer NULL, `base_id` integer NOT NULL, `organization_id` integer NOT NULL, CONSTRAINT `residencies_incubation_bases_residencies` FOREIGN KEY (`base_id`) REFERENCES `incubation_bases` (`id`) ON DELETE NO ACTION, CONSTRAINT `residencies_social_organizations_residencies` FOREIGN KEY (`organization_id`) REFERENCES `social_organizations` (`id`) ON DELETE NO ACTION);
-- set sequence for "residencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("residencies", 68719476736);
-- create index "residency_base_id_organization_id_admitted_on" to table: "residencies"
CREATE UNIQUE INDEX `residency_base_id_organization_id_admitted_on` ON `residencies` (`base_id`, `organization_id`, `admitted_on`);
-- create index "residency_organization_id" to table: "residencies"
CREATE INDEX `residency_organization_id` ON `residencies` (`organization_id`);
-- create "revenue_projects" table
CREATE TABLE `revenue_projects` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `started_on` datetime NULL, `description` text NULL, `community_id` integer NOT NULL, `partner_id` integer NULL, `operator_id` integer NULL, CONSTRAINT `revenue_projects_communities_revenue_projects` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `revenue_projects_enterprises_revenue_projects` FOREIGN KEY (`partner_id`) REFERENCES `enterprises` (`id`) ON DELETE SET NULL, CONSTRAINT `revenue_projects_social_organizations_operated_projects` FOREIGN KEY (`operator_id`) REFERENCES `social_organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "revenue_projects" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("revenue_projects", 73014444032);
-- create index "revenueproject_community_id" to table: "revenue_projects"
CREATE INDEX `revenueproject_community_id` ON `revenue_projects` (`community_id`);
-- create index "revenueproject_partner_id" to table: "revenue_projects"
CREATE INDEX `revenueproject_partner_id` ON `revenue_projects` (`partner_id`);
-- create index "revenueproject_operator_id" to table: "revenue_projects"
CREATE INDEX `revenueproject_operator_id` ON `revenue_projects` (`operator_id`);
-- create "schools" table
CREATE TABLE `schools` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `latitude` real NULL, `longitude` real NULL, `name` text NOT NULL, `uscc` text NULL, `kind` text NOT NULL, `address` text NULL);
-- set sequence for "schools" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("schools", 77309411328);
-- create index "schools_uscc_key" to table: "schools"
CREATE UNIQUE INDEX `schools_uscc_key` ON `schools` (`uscc`);
-- create "service_items" table
CREATE TABLE `service_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `list` text NOT NULL, `category` text NULL, `window` text NULL, `description` text NULL, `community_id` integer NOT NULL, CONSTRAINT `service_items_communities_service_items` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "service_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("service_items", 81604378624);
-- create index "serviceitem_community_id_list" to table: "service_items"
CREATE INDEX `serviceitem_community_id_list` ON `service_items` (`community_id`, `list`);
-- create "service_teams" table
CREATE TABLE `service_teams` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `lead_name` text NOT NULL, `lead_phone` text NULL, `formed_on` datetime NULL, `community_id` integer NOT NULL, CONSTRAINT `service_teams_communities_service_teams` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- set sequence for "service_teams" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("service_teams", 85899345920);
-- create index "serviceteam_community_id_name" to table: "service_teams"
CREATE UNIQUE INDEX `serviceteam_community_id_name` ON `service_teams` (`community_id`, `name`);
-- create "social_organizations" table
CREATE TABLE `social_organizations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `uscc` text NULL, `name` text NOT NULL, `kind` text NOT NULL, `grade` text NULL, `founded_on` datetime NULL, `minor_led` bool NOT NULL DEFAULT (false), `phone` text NULL, `division_id` integer NULL, CONSTRAINT `social_organizations_divisions_organizations` FOREIGN KEY (`division_id`) REFERENCES `divisions` (`id`) ON DELETE SET NULL);
-- set sequence for "social_organizations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("social_organizations", 90194313216);
-- create index "social_organizations_uscc_key" to table: "social_organizations"
CREATE UNIQUE INDEX `social_organizations_uscc_key` ON `social_organizations` (`uscc`);
-- create index "socialorganization_division_id" to table: "social_organizations"
CREATE INDEX `socialorganization_division_id` ON `social_organizations` (`division_id`);
-- create "social_workers" table
CREATE TABLE `social_workers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `level` text NOT NULL DEFAULT ('NONE'), `certificate_no` text NULL, `full_time` bool NOT NULL DEFAULT (true), `titles` json NULL, `phone` text NULL, `id_number` text NULL, `community_id` integer NULL, `employer_id` integer NULL, CONSTRAINT `social_workers_communities_stationed_workers` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE SET NULL, CONSTRAINT `social_workers_social_organizations_workers` FOREIGN KEY (`employer_id`) REFERENCES `social_organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "social_workers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("social_workers", 94489280512);
-- create index "social_workers_id_number_key" to table: "social_workers"
CREATE UNIQUE INDEX `social_workers_id_number_key` ON `social_workers` (`id_number`);
-- create index "socialworker_employer_id" to table: "social_workers"
CREATE INDEX `socialworker_employer_id` ON `social_workers` (`employer_id`);
-- create index "socialworker_community_id" to table: "social_workers"
CREATE INDEX `socialworker_community_id` ON `social_workers` (`community_id`);
-- create index "socialworker_level" to table: "social_workers"
CREATE INDEX `socialworker_level` ON `social_workers` (`level`);
-- create "students" table
CREATE TABLE `students` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `student_number` text NOT NULL, `name` text NOT NULL, `major` text NULL, `year` integer NOT NULL, `phone` text NULL, `birth_date` datetime NULL, `university_id` integer NOT NULL, CONSTRAINT `students_universities_students` FOREIGN KEY (`university_id`) REFERENCES `universities` (`id`) ON DELETE NO ACTION);
-- set sequence for "students" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("students", 98784247808);
-- create index "student_university_id_student_number" to table: "students"
CREATE UNIQUE INDEX `student_university_id_student_number` ON `students` (`university_id`, `student_number`);
-- create "student_groups" table
CREATE TABLE `student_groups` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `service_skills` json NULL, `capacity` integer NOT NULL DEFAULT (1), `description` text NULL, `university_id` integer NOT NULL, CONSTRAINT `student_groups_universities_groups` FOREIGN KEY (`university_id`) REFERENCES `universities` (`id`) ON DELETE NO ACTION);
-- set sequence for "student_groups" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("student_groups", 103079215104);
-- create index "studentgroup_university_id_name" to table: "student_groups"
CREATE UNIQUE INDEX `studentgroup_university_id_name` ON `student_groups` (`university_id`, `name`);
-- create "teaching_sites" table
CREATE TABLE `teaching_sites` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `latitude` real NULL, `longitude` real NULL, `name` text NOT NULL, `address` text NULL, `focus` text NULL, `published_on` datetime NULL, `community_id` integer NULL, `division_id` integer NULL, `university_id` integer NULL, CONSTRAINT `teaching_sites_communities_teaching_sites` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE SET NULL, CONSTRAINT `teaching_sites_divisions_teaching_sites` FOREIGN KEY (`division_id`) REFERENCES `divisions` (`id`) ON DELETE SET NULL, CONSTRAINT `teaching_sites_universities_teaching_sites` FOREIGN KEY (`university_id`) REFERENCES `universities` (`id`) ON DELETE SET NULL);
-- set sequence for "teaching_sites" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("teaching_sites", 107374182400);
-- create index "teachingsite_university_id" to table: "teaching_sites"
CREATE INDEX `teachingsite_university_id` ON `teaching_sites` (`university_id`);
-- create index "teachingsite_division_id" to table: "teaching_sites"
CREATE INDEX `teachingsite_division_id` ON `teaching_sites` (`division_id`);
-- create index "teachingsite_community_id" to table: "teaching_sites"
CREATE INDEX `teachingsite_community_id` ON `teaching_sites` (`community_id`);
-- create "training_batches" table
CREATE TABLE `training_batches` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `number` integer NOT NULL, `name` text NOT NULL, `phase` text NOT NULL DEFAULT ('GROUP_DISCUSSION'), `started_on` datetime NOT NULL, `ended_on` datetime NULL, `completed` bool NOT NULL DEFAULT (false), `base_id` integer NULL, CONSTRAINT `training_batches_incubation_bases_training_batches` FOREIGN KEY (`base_id`) REFERENCES `incubation_bases` (`id`) ON DELETE SET NULL);
-- set sequence for "training_batches" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("training_batches", 111669149696);
-- create index "trainingbatch_base_id_number" to table: "training_batches"
CREATE UNIQUE INDEX `trainingbatch_base_id_number` ON `training_batches` (`base_id`, `number`);
-- create "universities" table
CREATE TABLE `universities` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `latitude` real NULL, `longitude` real NULL, `code` text NOT NULL, `name` text NOT NULL, `former_name` text NULL, `kind` text NOT NULL, `city` text NULL, `address` text NULL);
-- set sequence for "universities" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("universities", 115964116992);
-- create index "universities_code_key" to table: "universities"
CREATE UNIQUE INDEX `universities_code_key` ON `universities` (`code`);
-- create "volunteers" table
CREATE TABLE `volunteers` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `hours` real NOT NULL DEFAULT (0), `registered_on` datetime NULL, `phone` text NULL, `id_number` text NULL, `birth_date` datetime NULL, `community_id` integer NULL, CONSTRAINT `volunteers_communities_volunteers` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE SET NULL);
-- set sequence for "volunteers" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("volunteers", 120259084288);
-- create index "volunteers_id_number_key" to table: "volunteers"
CREATE UNIQUE INDEX `volunteers_id_number_key` ON `volunteers` (`id_number`);
-- create index "volunteer_community_id" to table: "volunteers"
CREATE INDEX `volunteer_community_id` ON `volunteers` (`community_id`);
-- create "activity_organizations" table
CREATE TABLE `activity_organizations` (`activity_id` integer NOT NULL, `social_organization_id` integer NOT NULL, PRIMARY KEY (`activity_id`, `social_organization_id`), CONSTRAINT `activity_organizations_activity_id` FOREIGN KEY (`activity_id`) REFERENCES `activities` (`id`) ON DELETE CASCADE, CONSTRAINT `activity_organizations_social_organization_id` FOREIGN KEY (`social_organization_id`) REFERENCES `social_organizations` (`id`) ON DELETE CASCADE);
-- create index "activity_organizations_social_organization_id" to table: "activity_organizations"
CREATE INDEX `activity_organizations_social_organization_id` ON `activity_organizations` (`social_organization_id`);
-- create "activity_groups" table
CREATE TABLE `activity_groups` (`activity_id` integer NOT NULL, `student_group_id` integer NOT NULL, PRIMARY KEY (`activity_id`, `student_group_id`), CONSTRAINT `activity_groups_activity_id` FOREIGN KEY (`activity_id`) REFERENCES `activities` (`id`) ON DELETE CASCADE, CONSTRAINT `activity_groups_student_group_id` FOREIGN KEY (`student_group_id`) REFERENCES `student_groups` (`id`) ON DELETE CASCADE);
-- create index "activity_groups_student_group_id" to table: "activity_groups"
CREATE INDEX `activity_groups_student_group_id` ON `activity_groups` (`student_group_id`);
-- create "activity_schools" table
CREATE TABLE `activity_schools` (`activity_id` integer NOT NULL, `school_id` integer NOT NULL, PRIMARY KEY (`activity_id`, `school_id`), CONSTRAINT `activity_schools_activity_id` FOREIGN KEY (`activity_id`) REFERENCES `activities` (`id`) ON DELETE CASCADE, CONSTRAINT `activity_schools_school_id` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE CASCADE);
-- create index "activity_schools_school_id" to table: "activity_schools"
CREATE INDEX `activity_schools_school_id` ON `activity_schools` (`school_id`);
-- create "activity_enterprises" table
CREATE TABLE `activity_enterprises` (`activity_id` integer NOT NULL, `enterprise_id` integer NOT NULL, PRIMARY KEY (`activity_id`, `enterprise_id`), CONSTRAINT `activity_enterprises_activity_id` FOREIGN KEY (`activity_id`) REFERENCES `activities` (`id`) ON DELETE CASCADE, CONSTRAINT `activity_enterprises_enterprise_id` FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises` (`id`) ON DELETE CASCADE);
-- create index "activity_enterprises_enterprise_id" to table: "activity_enterprises"
CREATE INDEX `activity_enterprises_enterprise_id` ON `activity_enterprises` (`enterprise_id`);
-- create "enterprise_communities" table
CREATE TABLE `enterprise_communities` (`enterprise_id` integer NOT NULL, `community_id` integer NOT NULL, PRIMARY KEY (`enterprise_id`, `community_id`), CONSTRAINT `enterprise_communities_enterprise_id` FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises` (`id`) ON DELETE CASCADE, CONSTRAINT `enterprise_communities_community_id` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE CASCADE);
-- create index "enterprise_communities_community_id" to table: "enterprise_communities"
CREATE INDEX `enterprise_communities_community_id` ON `enterprise_communities` (`community_id`);
-- create "joint_meeting_departments" table
CREATE TABLE `joint_meeting_departments` (`joint_meeting_id` integer NOT NULL, `department_id` integer NOT NULL, PRIMARY KEY (`joint_meeting_id`, `department_id`), CONSTRAINT `joint_meeting_departments_joint_meeting_id` FOREIGN KEY (`joint_meeting_id`) REFERENCES `joint_meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `joint_meeting_departments_department_id` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE);
-- create index "joint_meeting_departments_department_id" to table: "joint_meeting_departments"
CREATE INDEX `joint_meeting_departments_department_id` ON `joint_meeting_departments` (`department_id`);
-- create "joint_meeting_organizations" table
CREATE TABLE `joint_meeting_organizations` (`joint_meeting_id` integer NOT NULL, `social_organization_id` integer NOT NULL, PRIMARY KEY (`joint_meeting_id`, `social_organization_id`), CONSTRAINT `joint_meeting_organizations_joint_meeting_id` FOREIGN KEY (`joint_meeting_id`) REFERENCES `joint_meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `joint_meeting_organizations_social_organization_id` FOREIGN KEY (`social_organization_id`) REFERENCES `social_organizations` (`id`) ON DELETE CASCADE);
-- create index "joint_meeting_organizations_social_organization_id" to table: "joint_meeting_organizations"
CREATE INDEX `joint_meeting_organizations_social_organization_id` ON `joint_meeting_organizations` (`social_organization_id`);
-- create "joint_meeting_schools" table
CREATE TABLE `joint_meeting_schools` (`joint_meeting_id` integer NOT NULL, `school_id` integer NOT NULL, PRIMARY KEY (`joint_meeting_id`, `school_id`), CONSTRAINT `joint_meeting_schools_joint_meeting_id` FOREIGN KEY (`joint_meeting_id`) REFERENCES `joint_meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `joint_meeting_schools_school_id` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE CASCADE);
-- create index "joint_meeting_schools_school_id" to table: "joint_meeting_schools"
CREATE INDEX `joint_meeting_schools_school_id` ON `joint_meeting_schools` (`school_id`);
-- create "joint_meeting_enterprises" table
CREATE TABLE `joint_meeting_enterprises` (`joint_meeting_id` integer NOT NULL, `enterprise_id` integer NOT NULL, PRIMARY KEY (`joint_meeting_id`, `enterprise_id`), CONSTRAINT `joint_meeting_enterprises_joint_meeting_id` FOREIGN KEY (`joint_meeting_id`) REFERENCES `joint_meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `joint_meeting_enterprises_enterprise_id` FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises` (`id`) ON DELETE CASCADE);
-- create index "joint_meeting_enterprises_enterprise_id" to table: "joint_meeting_enterprises"
CREATE INDEX `joint_meeting_enterprises_enterprise_id` ON `joint_meeting_enterprises` (`enterprise_id`);
-- create "partnership_agreement_universities" table
CREATE TABLE `partnership_agreement_universities` (`partnership_agreement_id` integer NOT NULL, `university_id` integer NOT NULL, PRIMARY KEY (`partnership_agreement_id`, `university_id`), CONSTRAINT `partnership_agreement_universities_partnership_agreement_id` FOREIGN KEY (`partnership_agreement_id`) REFERENCES `partnership_agreements` (`id`) ON DELETE CASCADE, CONSTRAINT `partnership_agreement_universities_university_id` FOREIGN KEY (`university_id`) REFERENCES `universities` (`id`) ON DELETE CASCADE);
-- create index "partnership_agreement_universities_university_id" to table: "partnership_agreement_universities"
CREATE INDEX `partnership_agreement_universities_university_id` ON `partnership_agreement_universities` (`university_id`);
-- create "partnership_agreement_departments" table
CREATE TABLE `partnership_agreement_departments` (`partnership_agreement_id` integer NOT NULL, `department_id` integer NOT NULL, PRIMARY KEY (`partnership_agreement_id`, `department_id`), CONSTRAINT `partnership_agreement_departments_partnership_agreement_id` FOREIGN KEY (`partnership_agreement_id`) REFERENCES `partnership_agreements` (`id`) ON DELETE CASCADE, CONSTRAINT `partnership_agreement_departments_department_id` FOREIGN KEY (`department_id`) REFERENCES `departments` (`id`) ON DELETE CASCADE);
-- create index "partnership_agreement_departments_department_id" to table: "partnership_agreement_departments"
CREATE INDEX `partnership_agreement_departments_department_id` ON `partnership_agreement_departments` (`department_id`);
-- create "partnership_agreement_schools" table
CREATE TABLE `partnership_agreement_schools` (`partnership_agreement_id` integer NOT NULL, `school_id` integer NOT NULL, PRIMARY KEY (`partnership_agreement_id`, `school_id`), CONSTRAINT `partnership_agreement_schools_partnership_agreement_id` FOREIGN KEY (`partnership_agreement_id`) REFERENCES `partnership_agreements` (`id`) ON DELETE CASCADE, CONSTRAINT `partnership_agreement_schools_school_id` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE CASCADE);
-- create index "partnership_agreement_schools_school_id" to table: "partnership_agreement_schools"
CREATE INDEX `partnership_agreement_schools_school_id` ON `partnership_agreement_schools` (`school_id`);
-- create "partnership_agreement_enterprises" table
CREATE TABLE `partnership_agreement_enterprises` (`partnership_agreement_id` integer NOT NULL, `enterprise_id` integer NOT NULL, PRIMARY KEY (`partnership_agreement_id`, `enterprise_id`), CONSTRAINT `partnership_agreement_enterprises_partnership_agreement_id` FOREIGN KEY (`partnership_agreement_id`) REFERENCES `partnership_agreements` (`id`) ON DELETE CASCADE, CONSTRAINT `partnership_agreement_enterprises_enterprise_id` FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises` (`id`) ON DELETE CASCADE);
-- create index "partnership_agreement_enterprises_enterprise_id" to table: "partnership_agreement_enterprises"
CREATE INDEX `partnership_agreement_enterprises_enterprise_id` ON `partnership_agreement_enterprises` (`enterprise_id`);
-- create "partnership_agreement_organizations" table
CREATE TABLE `partnership_agreement_organizations` (`partnership_agreement_id` integer NOT NULL, `social_organization_id` integer NOT NULL, PRIMARY KEY (`partnership_agreement_id`, `social_organization_id`), CONSTRAINT `partnership_agreement_organizations_partnership_agreement_id` FOREIGN KEY (`partnership_agreement_id`) REFERENCES `partnership_agreements` (`id`) ON DELETE CASCADE, CONSTRAINT `partnership_agreement_organizations_social_organization_id` FOREIGN KEY (`social_organization_id`) REFERENCES `social_organizations` (`id`) ON DELETE CASCADE);
-- create index "partnership_agreement_organizations_social_organization_id" to table: "partnership_agreement_organizations"
CREATE INDEX `partnership_agreement_organizations_social_organization_id` ON `partnership_agreement_organizations` (`social_organization_id`);
-- create "school_communities" table
CREATE TABLE `school_communities` (`school_id` integer NOT NULL, `community_id` integer NOT NULL, PRIMARY KEY (`school_id`, `community_id`), CONSTRAINT `school_communities_school_id` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE CASCADE, CONSTRAINT `school_communities_community_id` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE CASCADE);
-- create index "school_communities_community_id" to table: "school_communities"
CREATE INDEX `school_communities_community_id` ON `school_communities` (`community_id`);
-- create "service_team_social_workers" table
CREATE TABLE `service_team_social_workers` (`service_team_id` integer NOT NULL, `social_worker_id` integer NOT NULL, PRIMARY KEY (`service_team_id`, `social_worker_id`), CONSTRAINT `service_team_social_workers_service_team_id` FOREIGN KEY (`service_team_id`) REFERENCES `service_teams` (`id`) ON DELETE CASCADE, CONSTRAINT `service_team_social_workers_social_worker_id` FOREIGN KEY (`social_worker_id`) REFERENCES `social_workers` (`id`) ON DELETE CASCADE);
-- create index "service_team_social_workers_social_worker_id" to table: "service_team_social_workers"
CREATE INDEX `service_team_social_workers_social_worker_id` ON `service_team_social_workers` (`social_worker_id`);
-- create "service_team_volunteers" table
CREATE TABLE `service_team_volunteers` (`service_team_id` integer NOT NULL, `volunteer_id` integer NOT NULL, PRIMARY KEY (`service_team_id`, `volunteer_id`), CONSTRAINT `service_team_volunteers_service_team_id` FOREIGN KEY (`service_team_id`) REFERENCES `service_teams` (`id`) ON DELETE CASCADE, CONSTRAINT `service_team_volunteers_volunteer_id` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE CASCADE);
-- create index "service_team_volunteers_volunteer_id" to table: "service_team_volunteers"
CREATE INDEX `service_team_volunteers_volunteer_id` ON `service_team_volunteers` (`volunteer_id`);
-- create "social_organization_communities" table
CREATE TABLE `social_organization_communities` (`social_organization_id` integer NOT NULL, `community_id` integer NOT NULL, PRIMARY KEY (`social_organization_id`, `community_id`), CONSTRAINT `social_organization_communities_social_organization_id` FOREIGN KEY (`social_organization_id`) REFERENCES `social_organizations` (`id`) ON DELETE CASCADE, CONSTRAINT `social_organization_communities_community_id` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE CASCADE);
-- create index "social_organization_communities_community_id" to table: "social_organization_communities"
CREATE INDEX `social_organization_communities_community_id` ON `social_organization_communities` (`community_id`);
-- create "social_organization_members" table
CREATE TABLE `social_organization_members` (`social_organization_id` integer NOT NULL, `volunteer_id` integer NOT NULL, PRIMARY KEY (`social_organization_id`, `volunteer_id`), CONSTRAINT `social_organization_members_social_organization_id` FOREIGN KEY (`social_organization_id`) REFERENCES `social_organizations` (`id`) ON DELETE CASCADE, CONSTRAINT `social_organization_members_volunteer_id` FOREIGN KEY (`volunteer_id`) REFERENCES `volunteers` (`id`) ON DELETE CASCADE);
-- create index "social_organization_members_volunteer_id" to table: "social_organization_members"
CREATE INDEX `social_organization_members_volunteer_id` ON `social_organization_members` (`volunteer_id`);
-- create "student_group_members" table
CREATE TABLE `student_group_members` (`student_group_id` integer NOT NULL, `student_id` integer NOT NULL, PRIMARY KEY (`student_group_id`, `student_id`), CONSTRAINT `student_group_members_student_group_id` FOREIGN KEY (`student_group_id`) REFERENCES `student_groups` (`id`) ON DELETE CASCADE, CONSTRAINT `student_group_members_student_id` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE CASCADE);
-- create index "student_group_members_student_id" to table: "student_group_members"
CREATE INDEX `student_group_members_student_id` ON `student_group_members` (`student_id`);
-- create "training_batch_universities" table
CREATE TABLE `training_batch_universities` (`training_batch_id` integer NOT NULL, `university_id` integer NOT NULL, PRIMARY KEY (`training_batch_id`, `university_id`), CONSTRAINT `training_batch_universities_training_batch_id` FOREIGN KEY (`training_batch_id`) REFERENCES `training_batches` (`id`) ON DELETE CASCADE, CONSTRAINT `training_batch_universities_university_id` FOREIGN KEY (`university_id`) REFERENCES `universities` (`id`) ON DELETE CASCADE);
-- create index "training_batch_universities_university_id" to table: "training_batch_universities"
CREATE INDEX `training_batch_universities_university_id` ON `training_batch_universities` (`university_id`);
-- create "training_batch_participants" table
CREATE TABLE `training_batch_participants` (`training_batch_id` integer NOT NULL, `student_id` integer NOT NULL, PRIMARY KEY (`training_batch_id`, `student_id`), CONSTRAINT `training_batch_participants_training_batch_id` FOREIGN KEY (`training_batch_id`) REFERENCES `training_batches` (`id`) ON DELETE CASCADE, CONSTRAINT `training_batch_participants_student_id` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE CASCADE);
-- create index "training_batch_participants_student_id" to table: "training_batch_participants"
CREATE INDEX `training_batch_participants_student_id` ON `training_batch_participants` (`student_id`);
-- create "training_batch_communities" table
CREATE TABLE `training_batch_communities` (`training_batch_id` integer NOT NULL, `community_id` integer NOT NULL, PRIMARY KEY (`training_batch_id`, `community_id`), CONSTRAINT `training_batch_communities_training_batch_id` FOREIGN KEY (`training_batch_id`) REFERENCES `training_batches` (`id`) ON DELETE CASCADE, CONSTRAINT `training_batch_communities_community_id` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE CASCADE);
-- create index "training_batch_communities_community_id" to table: "training_batch_communities"
CREATE INDEX `training_batch_communities_community_id` ON `training_batch_communities` (`community_id`);

-- +goose Down
-- reverse: create index "training_batch_communities_community_id" to table: "training_batch_communities"
DROP INDEX `training_batch_communities_community_id`;
-- reverse: create "training_batch_communities" table
DROP TABLE `training_batch_communities`;
-- reverse: create index "training_batch_participants_student_id" to table: "training_batch_participants"
DROP INDEX `training_batch_participants_student_id`;
-- reverse: create "training_batch_participants" table
DROP TABLE `training_batch_participants`;
-- reverse: create index "training_batch_universities_university_id" to table: "training_batch_universities"
DROP INDEX `training_batch_universities_university_id`;
-- reverse: create "training_batch_universities" table
DROP TABLE `training_batch_universities`;
-- reverse: create index "student_group_members_student_id" to table: "student_group_members"
DROP INDEX `student_group_members_student_id`;
-- reverse: create "student_group_members" table
DROP TABLE `student_group_members`;
-- reverse: create index "social_organization_members_volunteer_id" to table: "social_organization_members"
DROP INDEX `social_organization_members_volunteer_id`;
-- reverse: create "social_organization_members" table
DROP TABLE `social_organization_members`;
-- reverse: create index "social_organization_communities_community_id" to table: "social_organization_communities"
DROP INDEX `social_organization_communities_community_id`;
-- reverse: create "social_organization_communities" table
DROP TABLE `social_organization_communities`;
-- reverse: create index "service_team_volunteers_volunteer_id" to table: "service_team_volunteers"
DROP INDEX `service_team_volunteers_volunteer_id`;
-- reverse: create "service_team_volunteers" table
DROP TABLE `service_team_volunteers`;
-- reverse: create index "service_team_social_workers_social_worker_id" to table: "service_team_social_workers"
DROP INDEX `service_team_social_workers_social_worker_id`;
-- reverse: create "service_team_social_workers" table
DROP TABLE `service_team_social_workers`;
-- reverse: create index "school_communities_community_id" to table: "school_communities"
DROP INDEX `school_communities_community_id`;
-- reverse: create "school_communities" table
DROP TABLE `school_communities`;
-- reverse: create index "partnership_agreement_organizations_social_organization_id" to table: "partnership_agreement_organizations"
DROP INDEX `partnership_agreement_organizations_social_organization_id`;
-- reverse: create "partnership_agreement_organizations" table
DROP TABLE `partnership_agreement_organizations`;
-- reverse: create index "partnership_agreement_enterprises_enterprise_id" to table: "partnership_agreement_enterprises"
DROP INDEX `partnership_agreement_enterprises_enterprise_id`;
-- reverse: create "partnership_agreement_enterprises" table
DROP TABLE `partnership_agreement_enterprises`;
-- reverse: create index "partnership_agreement_schools_school_id" to table: "partnership_agreement_schools"
DROP INDEX `partnership_agreement_schools_school_id`;
-- reverse: create "partnership_agreement_schools" table
DROP TABLE `partnership_agreement_schools`;
-- reverse: create index "partnership_agreement_departments_department_id" to table: "partnership_agreement_departments"
DROP INDEX `partnership_agreement_departments_department_id`;
-- reverse: create "partnership_agreement_departments" table
DROP TABLE `partnership_agreement_departments`;
-- reverse: create index "partnership_agreement_universities_university_id" to table: "partnership_agreement_universities"
DROP INDEX `partnership_agreement_universities_university_id`;
-- reverse: create "partnership_agreement_universities" table
DROP TABLE `partnership_agreement_universities`;
-- reverse: create index "joint_meeting_enterprises_enterprise_id" to table: "joint_meeting_enterprises"
DROP INDEX `joint_meeting_enterprises_enterprise_id`;
-- reverse: create "joint_meeting_enterprises" table
DROP TABLE `joint_meeting_enterprises`;
-- reverse: create index "joint_meeting_schools_school_id" to table: "joint_meeting_schools"
DROP INDEX `joint_meeting_schools_school_id`;
-- reverse: create "joint_meeting_schools" table
DROP TABLE `joint_meeting_schools`;
-- reverse: create index "joint_meeting_organizations_social_organization_id" to table: "joint_meeting_organizations"
DROP INDEX `joint_meeting_organizations_social_organization_id`;
-- reverse: create "joint_meeting_organizations" table
DROP TABLE `joint_meeting_organizations`;
-- reverse: create index "joint_meeting_departments_department_id" to table: "joint_meeting_departments"
DROP INDEX `joint_meeting_departments_department_id`;
-- reverse: create "joint_meeting_departments" table
DROP TABLE `joint_meeting_departments`;
-- reverse: create index "enterprise_communities_community_id" to table: "enterprise_communities"
DROP INDEX `enterprise_communities_community_id`;
-- reverse: create "enterprise_communities" table
DROP TABLE `enterprise_communities`;
-- reverse: create index "activity_enterprises_enterprise_id" to table: "activity_enterprises"
DROP INDEX `activity_enterprises_enterprise_id`;
-- reverse: create "activity_enterprises" table
DROP TABLE `activity_enterprises`;
-- reverse: create index "activity_schools_school_id" to table: "activity_schools"
DROP INDEX `activity_schools_school_id`;
-- reverse: create "activity_schools" table
DROP TABLE `activity_schools`;
-- reverse: create index "activity_groups_student_group_id" to table: "activity_groups"
DROP INDEX `activity_groups_student_group_id`;
-- reverse: create "activity_groups" table
DROP TABLE `activity_groups`;
-- reverse: create index "activity_organizations_social_organization_id" to table: "activity_organizations"
DROP INDEX `activity_organizations_social_organization_id`;
-- reverse: create "activity_organizations" table
DROP TABLE `activity_organizations`;
-- reverse: create index "volunteer_community_id" to table: "volunteers"
DROP INDEX `volunteer_community_id`;
-- reverse: create index "volunteers_id_number_key" to table: "volunteers"
DROP INDEX `volunteers_id_number_key`;
-- reverse: set sequence for "volunteers" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "volunteers";
-- reverse: create "volunteers" table
DROP TABLE `volunteers`;
-- reverse: create index "universities_code_key" to table: "universities"
DROP INDEX `universities_code_key`;
-- reverse: set sequence for "universities" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "universities";
-- reverse: create "universities" table
DROP TABLE `universities`;
-- reverse: create index "trainingbatch_base_id_number" to table: "training_batches"
DROP INDEX `trainingbatch_base_id_number`;
-- reverse: set sequence for "training_batches" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "training_batches";
-- reverse: create "training_batches" table
DROP TABLE `training_batches`;
-- reverse: create index "teachingsite_community_id" to table: "teaching_sites"
DROP INDEX `teachingsite_community_id`;
-- reverse: create index "teachingsite_division_id" to table: "teaching_sites"
DROP INDEX `teachingsite_division_id`;
-- reverse: create index "teachingsite_university_id" to table: "teaching_sites"
DROP INDEX `teachingsite_university_id`;
-- reverse: set sequence for "teaching_sites" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "teaching_sites";
-- reverse: create "teaching_sites" table
DROP TABLE `teaching_sites`;
-- reverse: create index "studentgroup_university_id_name" to table: "student_groups"
DROP INDEX `studentgroup_university_id_name`;
-- reverse: set sequence for "student_groups" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "student_groups";
-- reverse: create "student_groups" table
DROP TABLE `student_groups`;
-- reverse: create index "student_university_id_student_number" to table: "students"
DROP INDEX `student_university_id_student_number`;
-- reverse: set sequence for "students" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "students";
-- reverse: create "students" table
DROP TABLE `students`;
-- reverse: create index "socialworker_level" to table: "social_workers"
DROP INDEX `socialworker_level`;
-- reverse: create index "socialworker_community_id" to table: "social_workers"
DROP INDEX `socialworker_community_id`;
-- reverse: create index "socialworker_employer_id" to table: "social_workers"
DROP INDEX `socialworker_employer_id`;
-- reverse: create index "social_workers_id_number_key" to table: "social_workers"
DROP INDEX `social_workers_id_number_key`;
-- reverse: set sequence for "social_workers" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "social_workers";
-- reverse: create "social_workers" table
DROP TABLE `social_workers`;
-- reverse: create index "socialorganization_division_id" to table: "social_organizations"
DROP INDEX `socialorganization_division_id`;
-- reverse: create index "social_organizations_uscc_key" to table: "social_organizations"
DROP INDEX `social_organizations_uscc_key`;
-- reverse: set sequence for "social_organizations" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "social_organizations";
-- reverse: create "social_organizations" table
DROP TABLE `social_organizations`;
-- reverse: create index "serviceteam_community_id_name" to table: "service_teams"
DROP INDEX `serviceteam_community_id_name`;
-- reverse: set sequence for "service_teams" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "service_teams";
-- reverse: create "service_teams" table
DROP TABLE `service_teams`;
-- reverse: create index "serviceitem_community_id_list" to table: "service_items"
DROP INDEX `serviceitem_community_id_list`;
-- reverse: set sequence for "service_items" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "service_items";
-- reverse: create "service_items" table
DROP TABLE `service_items`;
-- reverse: create index "schools_uscc_key" to table: "schools"
DROP INDEX `schools_uscc_key`;
-- reverse: set sequence for "schools" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "schools";
-- reverse: create "schools" table
DROP TABLE `schools`;
-- reverse: create index "revenueproject_operator_id" to table: "revenue_projects"
DROP INDEX `revenueproject_operator_id`;
-- reverse: create index "revenueproject_partner_id" to table: "revenue_projects"
DROP INDEX `revenueproject_partner_id`;
-- reverse: create index "revenueproject_community_id" to table: "revenue_projects"
DROP INDEX `revenueproject_community_id`;
-- reverse: set sequence for "revenue_projects" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "revenue_projects";
-- reverse: create "revenue_projects" table
DROP TABLE `revenue_projects`;
-- reverse: create index "residency_organization_id" to table: "residencies"
DROP INDEX `residency_organization_id`;
-- reverse: create index "residency_base_id_organization_id_admitted_on" to table: "residencies"
DROP INDEX `residency_base_id_organization_id_admitted_on`;
-- reverse: set sequence for "residencies" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "residencies";
-- reverse: create "residencies" table
DROP TABLE `residencies`;
-- reverse: create index "pointsentry_volunteer_id" to table: "points_entries"
DROP INDEX `pointsentry_volunteer_id`;
-- reverse: set sequence for "points_entries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "points_entries";
-- reverse: create "points_entries" table
DROP TABLE `points_entries`;
-- reverse: set sequence for "partnership_agreements" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "partnership_agreements";
-- reverse: create "partnership_agreements" table
DROP TABLE `partnership_agreements`;
-- reverse: create index "pairing_group_id" to table: "pairings"
DROP INDEX `pairing_group_id`;
-- reverse: create index "pairing_community_id_status" to table: "pairings"
DROP INDEX `pairing_community_id_status`;
-- reverse: set sequence for "pairings" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "pairings";
-- reverse: create "pairings" table
DROP TABLE `pairings`;
-- reverse: create index "need_community_id_category" to table: "needs"
DROP INDEX `need_community_id_category`;
-- reverse: set sequence for "needs" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "needs";
-- reverse: create "needs" table
DROP TABLE `needs`;
-- reverse: create index "ledgerentry_project_id_occurred_on" to table: "ledger_entries"
DROP INDEX `ledgerentry_project_id_occurred_on`;
-- reverse: set sequence for "ledger_entries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "ledger_entries";
-- reverse: create "ledger_entries" table
DROP TABLE `ledger_entries`;
-- reverse: create index "jointmeeting_division_id" to table: "joint_meetings"
DROP INDEX `jointmeeting_division_id`;
-- reverse: create index "jointmeeting_community_id" to table: "joint_meetings"
DROP INDEX `jointmeeting_community_id`;
-- reverse: set sequence for "joint_meetings" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "joint_meetings";
-- reverse: create "joint_meetings" table
DROP TABLE `joint_meetings`;
-- reverse: create index "incubationbase_division_id" to table: "incubation_bases"
DROP INDEX `incubationbase_division_id`;
-- reverse: set sequence for "incubation_bases" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "incubation_bases";
-- reverse: create "incubation_bases" table
DROP TABLE `incubation_bases`;
-- reverse: create index "grid_community_id_code" to table: "grids"
DROP INDEX `grid_community_id_code`;
-- reverse: set sequence for "grids" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "grids";
-- reverse: create "grids" table
DROP TABLE `grids`;
-- reverse: create index "facility_community_id" to table: "facilities"
DROP INDEX `facility_community_id`;
-- reverse: set sequence for "facilities" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "facilities";
-- reverse: create "facilities" table
DROP TABLE `facilities`;
-- reverse: create index "enterprises_uscc_key" to table: "enterprises"
DROP INDEX `enterprises_uscc_key`;
-- reverse: set sequence for "enterprises" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "enterprises";
-- reverse: create "enterprises" table
DROP TABLE `enterprises`;
-- reverse: create index "division_level" to table: "divisions"
DROP INDEX `division_level`;
-- reverse: create index "division_parent_id" to table: "divisions"
DROP INDEX `division_parent_id`;
-- reverse: create index "divisions_code_key" to table: "divisions"
DROP INDEX `divisions_code_key`;
-- reverse: set sequence for "divisions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "divisions";
-- reverse: create "divisions" table
DROP TABLE `divisions`;
-- reverse: create index "department_division_id_name" to table: "departments"
DROP INDEX `department_division_id_name`;
-- reverse: set sequence for "departments" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "departments";
-- reverse: create "departments" table
DROP TABLE `departments`;
-- reverse: create index "consultation_community_id_status" to table: "consultations"
DROP INDEX `consultation_community_id_status`;
-- reverse: set sequence for "consultations" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "consultations";
-- reverse: create "consultations" table
DROP TABLE `consultations`;
-- reverse: create index "community_street_id" to table: "communities"
DROP INDEX `community_street_id`;
-- reverse: create index "communities_code_key" to table: "communities"
DROP INDEX `communities_code_key`;
-- reverse: set sequence for "communities" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "communities";
-- reverse: create "communities" table
DROP TABLE `communities`;
-- reverse: create index "charityresource_donor_organization_id" to table: "charity_resources"
DROP INDEX `charityresource_donor_organization_id`;
-- reverse: create index "charityresource_donor_enterprise_id" to table: "charity_resources"
DROP INDEX `charityresource_donor_enterprise_id`;
-- reverse: create index "charityresource_community_id" to table: "charity_resources"
DROP INDEX `charityresource_community_id`;
-- reverse: set sequence for "charity_resources" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "charity_resources";
-- reverse: create "charity_resources" table
DROP TABLE `charity_resources`;
-- reverse: create index "activity_held_on" to table: "activities"
DROP INDEX `activity_held_on`;
-- reverse: create index "activity_community_id_held_on" to table: "activities"
DROP INDEX `activity_community_id_held_on`;
-- reverse: create "activities" table
DROP TABLE `activities`;
