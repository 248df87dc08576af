#include "core/codegen/plan_vars.h"

#include "core/codegen/scopes.h"
#include "core/rng/philox.h"

namespace spikegen {

using lang::Scope;
using lang::Type;
using lang::Variable;

lang::Type varType(const VarDecl& v, Type scalar) { return *lang::parseType(v.type, scalar); }

std::vector<PlannedVar> planVars(ModelPlan& plan, const std::vector<VarDecl>& decls, const VarInits& inits,
                                 const std::string& prefix, const std::string& about, const std::string& stream,
                                 bool perSynapse, double dt,
                                 const std::function<std::size_t(std::string, std::string, Type)>& addBuffer)
{
    std::vector<PlannedVar> vars;
    std::uint32_t index = 0;
    for (const auto& decl : decls) {
        const Type type = varType(decl, plan.scalar());
        const auto given = inits.find(decl.name);
        const VarInit init = given != inits.end() ? given->second : VarInit(*decl.initial);
        Scope scope;
        scope.add(Variable{"value", type, true, "value"});
        scope.add(Variable{"id", Type::Unsigned, false, "id"});
        if (perSynapse) {
            scope.add(Variable{"id_pre", Type::Unsigned, false, "id_pre"});
            scope.add(Variable{"id_post", Type::Unsigned, false, "id_post"});
        }
        addParams(scope, init.snippet, init.params, dt, plan.scalar());
        addRandomFunctions(scope, plan.scalar());
        // The element's shared sequence, the same in every initialiser of this set of variables.
        const std::string sharedDraw = plan.scalar() == Type::Double ? "sg_uniform_d(&sg_shared_rng)" : "sg_uniform_f(&sg_shared_rng)";
        scope.add(lang::Function{"shared_uniform", {}, plan.scalar(),
                                 [sharedDraw](const std::vector<std::string>&) { return sharedDraw; }});
        PlannedVar var;
        var.name = decl.name;
        var.type = type;
        var.buffer = addBuffer(prefix + "_" + decl.name, about + ", variable '" + decl.name + "'", type);
        var.init = lang::compileStatements(init.snippet.code, scope,
                                           {init.snippet.name, "initialiser of '" + decl.name + "' in " + about},
                                           plan.langOptions());
        var.initUsesRng = usesRandom(var.init);
        var.initUsesSharedRng = var.init.references("shared_uniform");
        var.initKey = plan.streamKey(stream, rng::Purpose::VarInit);
        var.initStep = index++;
        vars.push_back(std::move(var));
    }
    return vars;
}

} // namespace spikegen
