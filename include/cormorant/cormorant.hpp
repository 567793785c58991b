#pragma once
/// \file cormorant.hpp
/// Everything a program needs: models, configuration, the database handle,
/// sessions and their queries.
///
///     #include <cormorant/cormorant.hpp>
///     namespace orm = cormorant;

#include "cormorant/config.hpp"
#include "cormorant/database.hpp"
#include "cormorant/diagnostics.hpp"
#include "cormorant/errors.hpp"
#include "cormorant/expr.hpp"
#include "cormorant/model.hpp"
#include "cormorant/model_traits.hpp"
#include "cormorant/query_api.hpp"
#include "cormorant/ref.hpp"
#include "cormorant/schema.hpp"
#include "cormorant/session.hpp"
#include "cormorant/types.hpp"
