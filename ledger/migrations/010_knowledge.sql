-- Issue 15: the knowledge base (知识库), temporary notices (临时公告) and what the intake preview
-- reads (seed 002: 应依法公开的事项应及时纳入知识库 … 临时性信息要在系统内提前发布公告).

-- One row per article: its status and which version the operators read (the published one).
-- The published version's category and validity are copied here so a search filters in one table.
CREATE SEQUENCE knowledge_article_seq;
CREATE TABLE knowledge_articles (
  id                text        PRIMARY KEY,
  status            text        NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  latest_version    integer     NOT NULL,
  published_version integer,
  units             jsonb       NOT NULL, -- the latest version's units: who may edit it
  category          text,                 -- of the published version
  valid_from        date,                 -- of the published version (Beijing dates, both included)
  valid_until       date,
  created_at        timestamptz NOT NULL,
  created_by        text        NOT NULL,
  updated_at        timestamptz NOT NULL,
  published_at      timestamptz,
  published_by      text,
  retired_at        timestamptz,
  retired_by        text
);
CREATE INDEX knowledge_articles_status ON knowledge_articles (status, updated_at);

-- Every version ever saved, never changed: an answer cites (article, version) and reads that text.
CREATE TABLE knowledge_versions (
  article_id  text        NOT NULL REFERENCES knowledge_articles (id),
  version     integer     NOT NULL,
  title       text        NOT NULL,
  body        text        NOT NULL,
  category    text,
  units       jsonb       NOT NULL,
  tags        jsonb       NOT NULL,
  valid_from  date,
  valid_until date,
  saved_at    timestamptz NOT NULL,
  saved_by    text        NOT NULL,
  PRIMARY KEY (article_id, version)
);

-- The inverted index of the published versions: one row per (article, token) with its weight
-- (domain/knowledge/text-match.ts). Plain SQL on both PGlite and PostgreSQL, no extension.
CREATE TABLE knowledge_terms (
  article_id text NOT NULL REFERENCES knowledge_articles (id),
  term       text NOT NULL,
  weight     real NOT NULL,
  PRIMARY KEY (article_id, term)
);
CREATE INDEX knowledge_terms_term ON knowledge_terms (term);

-- Temporary notices: an outage or closure in an area for a time; past `ends_at` it no longer matches.
CREATE SEQUENCE notice_seq;
CREATE TABLE notices (
  id           text        PRIMARY KEY,
  category     text        NOT NULL,
  district     text        NOT NULL,
  street       text,        -- absent: the whole district
  community    text,        -- absent: the whole street
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL CHECK (ends_at > starts_at),
  text         text        NOT NULL,
  unit         text,        -- the unit that published it (a utility, a street office); absent: the hotline
  created_at   timestamptz NOT NULL,
  created_by   text        NOT NULL,
  withdrawn_at timestamptz,
  withdrawn_by text
);
CREATE INDEX notices_area ON notices (district, category, ends_at);

-- The preview's probable duplicates: open tickets of a category and district, latest first.
CREATE INDEX ticket_summaries_open_matter ON ticket_summaries (category, district, registered_at)
  WHERE status NOT IN ('closed', 'answered', 'out_of_scope', 'handed_off', 'merged', 'transferred_out');
-- Answers per article and per notice (the statistics of the knowledge base).
CREATE INDEX ticket_summaries_answer_article ON ticket_summaries ((state -> 'outcome' -> 'article' ->> 'articleId'))
  WHERE status = 'answered';
